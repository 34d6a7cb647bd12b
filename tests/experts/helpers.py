"""Helpers for the experts tests: expert sheets built with openpyxl."""

import io

from openpyxl import Workbook, load_workbook

from casebook.experts.sheet import COLUMNS


def sheet_bytes(rows, *, header=COLUMNS, template: bytes | None = None) -> bytes:
    """An .xlsx with `rows` below the header, written into `template` when given."""
    if template is None:
        workbook = Workbook()
        workbook.active.append(list(header))
    else:
        workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ["王建国", "主任医师", "复旦大学附属中山医院", "上海市", "优化健康服务、普及健康生活", "慢病管理，家庭医生",
     "wang@zs.example.org"],
    ["李芳", "教授", "浙江大学公共卫生学院", "浙江", "完善健康保障; 建设健康环境", "医保支付 健康城市",
     "LiFang@zju.example.org"],
]

MIXED_ROWS = [
    GOOD_ROWS[0],                                                                         # row 2
    ["", "研究员", "某研究所", "江苏省", "", "", "noname@example.org"],                   # row 3: 缺少姓名
    ["张三", "", "", "上海", "", "", "not-an-email"],                                    # row 4: bad email
    ["赵六", "", "", "火星省", "", "", "zhao@example.org"],                               # row 5: unknown province
    ["王建国（重复）", "", "", "", "", "", "WANG@zs.example.org"],                        # row 6: duplicate of row 2
    [None] * 7,                                                                           # row 7: blank, skipped
    GOOD_ROWS[1],                                                                         # row 8
]
