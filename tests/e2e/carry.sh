# tests/e2e/carry.sh: sourced by test_previous.sh and test_data_read.sh.
# carry FILE-IN FILE-OUT YEAR ER SI: the example as a report of YEAR with
# ER carried over in 二、上年结转 and SI in 四、结转下年度 (自然人 and 总计),
# consistent within the year.
carry() {
    sed -e "3s/2022/$3/" \
        -e "s/^\(二、上年结转政府信息公开申请数量\)\t0\t0\t0\t0\t0\t0\t0/\1\t$4\t0\t0\t0\t0\t0\t$4/" \
        -e "s/^\(四、结转下年度继续办理\)\t\t0\t0\t0\t0\t0\t0\t0/\1\t\t$5\t0\t0\t0\t0\t0\t$5/" "$1" > "$2"
}
