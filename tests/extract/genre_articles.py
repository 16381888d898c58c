"""Fresh news articles of several genres, written for kg's tests (not from any data set).

Each is a short report of the kind a user feeds kg: a dateline, a byline or
an editor's credit where such reports carry them, and the happenings the
graph must hold.
"""

FOOTBALL = (
    "新华社马德里3月2日电（记者林远）西班牙足球甲级联赛第26轮比赛2日晚进行，"
    "皇家马德里队主场以3比1战胜巴塞罗那队，积分升至联赛第一。\n"
    "巴塞罗那队主教练哈维赛后表示，球队将尽快调整状态。\n"
)

EARTHQUAKE = (
    "中新网成都9月5日电 据中国地震台网正式测定，9月5日12时52分，四川省甘孜州泸定县发生6.8级地震，"
    "震源深度16千米。\n"
    "截至5日晚，地震已造成21人死亡，另有多人受伤。四川省已启动地震应急一级响应。\n"
)

TRIAL = (
    "本报南京4月18日电 4月18日，江苏省南京市中级人民法院公开开庭审理了某省原副省长王建国受贿一案。\n"
    "检察机关指控，2008年至2019年，王建国利用职务上的便利，非法收受他人财物共计人民币1.2亿元。\n"
    "王建国当庭表示认罪悔罪。法院将择期宣判。\n"
    "（责任编辑：周敏）\n"
)

LAYOFF = (
    "本报讯（记者陈晓）瑞典电信设备制造商爱立信3月15日宣布，公司将在全球范围内裁员8500人，以削减成本。\n"
    "去年12月，美国芯片企业英特尔已裁员5000人。\n"
)

MEETING = (
    "新华社北京1月8日电 国家主席习近平8日下午在人民大会堂会见来华进行国事访问的巴基斯坦总理谢里夫。\n"
    "双方同意加强两国在经贸、能源等领域的合作。\n"
)
