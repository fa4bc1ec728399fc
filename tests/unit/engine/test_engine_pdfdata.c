/*
 * Unit tests for the JSON -> document step of reading a PDF's numbers back
 * (engine/engine-pdfdata.c): the values, keys, states and units of the
 * cells, the metadata, the places (LINE:COLUMN of the text the PDF was made
 * from), the round trip through engine_data_write, and the refusals of
 * JSON that is not gongwen-data schema 1.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/engine-imp.h"

static const char ok_json[] =
    "{\"schema\": \"gongwen-data\", \"schema_version\": 1,\n"
    " \"meta\": {\"title\": \"某局2021年政府信息公开工作年度报告\", \"agency\": \"某局\","
    " \"date\": \"2022-01-20\", \"year\": 2021},\n"
    " \"cells\": [\n"
    "  {\"table\": \"表二\", \"form\": \"2021-二\", \"row_key\": \"行政事业性收费\", \"col_key\": null,"
    " \"state\": \"ok\", \"value\": 12.3456, \"unit\": \"万元\", \"text\": \"12.3456\", \"file\": null,"
    " \"line\": 33, \"column\": 9},\n"
    "  {\"table\": \"表三\", \"form\": \"2021-三\", \"row_key\": \"四\", \"col_key\": \"自然人\","
    " \"state\": \"ok\", \"value\": 258, \"unit\": null, \"text\": \"258\", \"file\": null,"
    " \"line\": 66, \"column\": 14},\n"
    "  {\"table\": \"表三\", \"form\": \"2021-三\", \"row_key\": \"四\", \"col_key\": \"总计\","
    " \"state\": \"empty\", \"value\": null, \"unit\": null, \"text\": \"\", \"file\": null,"
    " \"line\": 66, \"column\": 26}\n"
    " ]}\n";

static const doc_cell *cell(const doc_document *doc, const char *table, const char *row,
                            const char *col)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_table *t = doc->blocks[i].table;
        for (size_t k = 0; t && !strcmp(t->name, table) && k < t->ncells; k++) {
            const doc_cell *c = &t->cells[k];
            if (c->row_key && !strcmp(c->row_key, row) &&
                (col ? c->col_key && !strcmp(c->col_key, col) : !c->col_key))
                return c;
        }
    }
    return NULL;
}

Test(pdfdata, values_keys_and_meta)
{
    core_diags d = {0};
    doc_document *doc = NULL;
    cr_assert_eq(engine_data_document("last.pdf", ok_json, strlen(ok_json), "E-data", &d, &doc), CORE_OK);
    cr_assert_eq(doc->meta.year, 2021);
    cr_assert_str_eq(doc->meta.agency, "某局");
    cr_assert_eq(doc->meta.date.month, 1);
    cr_assert_eq(doc->nblocks, 2, "one block per table");
    const doc_cell *fee = cell(doc, "表二", "行政事业性收费", NULL);
    cr_assert(fee && fee->num.state == DOC_NUM_OK);
    cr_assert(fee->num.q == (doc_fixed)12345600, "an amount is exact to the millionth");
    cr_assert_eq(fee->num.unit, DOC_UNIT_WANYUAN);
    cr_assert_eq(fee->value, DOC_VALUE_AMOUNT);
    const doc_cell *n = cell(doc, "表三", "四", "自然人");
    cr_assert(n && n->num.state == DOC_NUM_OK && n->num.q == (doc_fixed)258 * DOC_FIXED_ONE);
    cr_assert_eq(n->value, DOC_VALUE_COUNT);
    cr_assert_str_eq(doc->blocks[1].table->template_id, "2021-三");
    const doc_cell *e = cell(doc, "表三", "四", "总计");
    cr_assert(e && e->num.state == DOC_NUM_EMPTY);
    uint32_t line = 0, col = 0;
    core_source_locate(doc->src, doc_run_offset(&n->text, 0), &line, &col);
    cr_assert_eq(line, 66);
    cr_assert_eq(col, 14);
    core_source_locate(doc->src, doc_run_offset(&e->text, 0), &line, &col);
    cr_assert(line == 66 && col == 26);
    cr_assert_str_eq(doc->src->name, "last.pdf");
    cr_assert_eq(d.n, 0);
    doc_document_drop(doc);
}

/* what engine_data_write makes of it is the JSON it came from */
Test(pdfdata, round_trip)
{
    core_diags d = {0};
    doc_document *doc = NULL;
    cr_assert_eq(engine_data_document("last.pdf", ok_json, strlen(ok_json), "E-data", &d, &doc), CORE_OK);
    core_buf a = {0}, b = {0};
    engine_data_write(doc, ENGINE_DATA_JSON, false, &a);
    doc_document *again = NULL;
    cr_assert_eq(engine_data_document("x", a.data, a.len, "E-data", &d, &again), CORE_OK);
    engine_data_write(again, ENGINE_DATA_JSON, false, &b);
    cr_assert_str_eq(a.data, b.data);
    cr_assert(strstr(a.data, "\"value\": 12.3456, \"unit\": \"万元\""), "%s", a.data);
    cr_assert(strstr(a.data, "\"line\": 66, \"column\": 14}"));
    core_buf_free(&a);
    core_buf_free(&b);
    doc_document_drop(doc);
    doc_document_drop(again);
}

static void refused(const char *json, const char *want)
{
    core_diags d = {0};
    doc_document *doc = (doc_document *)1;
    cr_assert_eq(engine_data_document("p.pdf", json, strlen(json), "E-data", &d, &doc), CORE_EINPUT, "%s", json);
    cr_assert_null(doc);
    cr_assert_geq(d.n, 1);
    cr_assert_str_eq(d.v[0].code, "E-data");
    cr_assert(strstr(d.v[0].message, want), "%s", d.v[0].message);
    core_diags_free(&d);
}

Test(pdfdata, refusals)
{
    refused("{\"schema\": \"gongwen-data\",\n \"cells\": [", "line 2");
    refused("{\"schema\": \"other\", \"schema_version\": 1, \"cells\": []}", "schema_version 1");
    refused("{\"schema\": \"gongwen-data\", \"schema_version\": 2, \"cells\": []}", "schema_version 1");
    refused("{\"schema\": \"gongwen-data\", \"schema_version\": 1, \"cells\": [{\"table\": \"表三\"}]}",
            "cell 1");
    refused("{\"schema\": \"gongwen-data\", \"schema_version\": 1, \"cells\": [{\"table\": \"表三\","
            " \"form\": \"2021-三\", \"state\": \"ok\", \"value\": \"3\"}]}", "cell 1");
}

/* A PDF that holds no numbers is one error of the command's code, naming
 * the file: the refusal arrives as a diagnostic, not as a string. */
Test(pdfdata, a_pdf_without_numbers_is_one_diagnostic)
{
    static const char not_ours[] = "%PDF-1.7\nnot a PDF gongwen made\n%%EOF\n";
    core_diags d = {0};
    core_buf json = {0};
    cr_assert_eq(engine_pdf_json("last.pdf", not_ours, strlen(not_ours), "E-previous", &json, &d),
                 CORE_EINPUT);
    cr_assert_eq(json.len, 0);
    cr_assert_eq(d.n, 1);
    cr_assert_eq(d.v[0].severity, CORE_ERROR);
    cr_assert_str_eq(d.v[0].code, "E-previous");
    cr_assert_str_eq(d.v[0].file, "last.pdf");
    cr_assert(!strncmp(d.v[0].message, "cannot read the report's numbers: ", 34), "%s",
              d.v[0].message);
    core_diags_free(&d);
    core_buf_free(&json);
}
