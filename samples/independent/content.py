"""What the independent corpus says: results of one-stop shops written from scratch for it.

Nothing here comes from ``samples/generator`` (its names, places, templates and wording are not
reused), so tuning on one and measuring on the other is a real hold-out. A document is a list of
blocks in reading order; the layout (``layout.py``) decides how they look, the truth is their text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SURNAMES = ["Châu", "Đoàn", "Giang", "Hà", "Kiều", "La", "Lưu", "Mạc", "Ninh", "Quách", "Tạ", "Thái", "Tôn",
            "Triệu", "Trịnh", "Văn", "Vương", "Yên", "Lục", "Khúc"]  # fmt: skip
MIDDLES = ["Bảo", "Diệu", "Gia", "Hữu", "Khắc", "Kim", "Mỹ", "Nhật", "Phương", "Thế", "Thùy", "Trọng", "Tường",
           "Xuân", "Ánh", "Đình"]  # fmt: skip
GIVENS = ["Bích", "Chiến", "Duyên", "Hạnh", "Hiếu", "Khuê", "Luân", "Lực", "Nguyệt", "Nhung", "Phượng", "Quyết",
          "Sương", "Thắm", "Thuận", "Tiến", "Toản", "Trinh", "Tuệ", "Uyển", "Vỹ", "Xoan", "Yến", "Ngoạn"]  # fmt: skip

# (province, city or district, ward or commune, street names)
PLACES = [
    ("TỈNH ĐỒNG THÁP", "THÀNH PHỐ CAO LÃNH", "PHƯỜNG MỸ PHÚ", ["Nguyễn Huệ", "Lý Thường Kiệt", "Tôn Đức Thắng"]),
    ("TỈNH QUẢNG NGÃI", "THÀNH PHỐ QUẢNG NGÃI", "PHƯỜNG NGHĨA CHÁNH", ["Hùng Vương", "Phan Đình Phùng"]),
    ("TỈNH THÁI NGUYÊN", "THÀNH PHỐ SÔNG CÔNG", "PHƯỜNG LƯƠNG SƠN", ["Thắng Lợi", "Cách Mạng Tháng Tám"]),
    ("TỈNH LÂM ĐỒNG", "THÀNH PHỐ BẢO LỘC", "PHƯỜNG LỘC TIẾN", ["Trần Phú", "Nguyễn Văn Cừ", "Lê Hồng Phong"]),
    ("TỈNH NGHỆ AN", "THỊ XÃ CỬA LÒ", "PHƯỜNG NGHI THỦY", ["Bình Minh", "Sào Nam"]),
    ("TỈNH BẠC LIÊU", "THỊ XÃ GIÁ RAI", "XÃ PHONG THẠNH ĐÔNG", ["Quốc lộ 1A", "Nguyễn Trung Trực"]),
]

ETHNICITIES = ["Kinh", "Kinh", "Kinh", "Tày", "Khmer", "Hoa"]
TRADES = ["Bán lẻ thực phẩm, đồ uống", "Dịch vụ ăn uống", "Sửa chữa xe có động cơ", "May mặc, sửa quần áo",
          "Bán lẻ hàng tạp hóa", "Cắt tóc, làm đầu, gội đầu"]  # fmt: skip
PROCEDURES = ["đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "cấp bản sao trích lục hộ tịch",
              "xác nhận tình trạng hôn nhân", "đăng ký khai sinh có yếu tố nước ngoài",
              "cấp giấy phép sửa chữa, cải tạo nhà ở", "chứng thực hợp đồng chuyển nhượng"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a page in reading order: how it is set, and its lines (a paragraph is one line:
    the browser wraps it; the truth compares text with whitespace collapsed)."""

    kind: str  # agency | number | motto | dateline | title | subject | recipients_to | para | field | table |
    #            recipients | signature | pagebreak | pageno
    lines: list[str]
    rows: list[list[str]] = field(default_factory=list)  # for a table: cells, row by row


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    blocks: list[Block]
    metadata: dict[str, object]


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def cccd(rng: random.Random) -> str:
    """A well-formed CCCD: province of birth, century and sex (0/1: 1900s, 2/3: 2000s), birth year, 6 digits."""
    province = rng.choice(["087", "051", "019", "068", "040", "095"])
    century = rng.choice("0123")
    year = rng.randint(45, 99) if century in "01" else rng.randint(0, 8)
    return f"{province}{century}{year:02d}{rng.randint(0, 999999):06d}"


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)


def _dateline(place: str, day: int, month: int, year: int) -> str:
    return f"{place}, ngày {day:02d} tháng {month:02d} năm {year}" if day < 10 or month < 3 else \
        f"{place}, ngày {day} tháng {month} năm {year}"  # fmt: skip


def _title_case(upper: str) -> str:
    """PHƯỜNG MỸ PHÚ -> Mỹ Phú (the place name of a dateline)."""
    words = upper.split()
    drop = 2 if words[0] in ("THÀNH", "THỊ") else 1
    return " ".join(w.capitalize() for w in words[drop:])


def _header(rng: random.Random, symbol: str, kind_abbrev: str | None) -> tuple[list[Block], dict[str, object]]:
    province, city, ward, _ = rng.choice(PLACES)
    level = rng.choice(["ward", "ward", "city", "office"])
    if level == "ward":
        parent, name_lines, place = f"UBND {city}", ["ỦY BAN NHÂN DÂN", ward], _title_case(ward)
    elif level == "city":
        parent, name_lines, place = f"UBND {province}", ["ỦY BAN NHÂN DÂN", city], _title_case(city)
    else:  # a specialised office of the city's people's committee
        parent, name_lines = f"UBND {city}", [f"PHÒNG {rng.choice(['TƯ PHÁP', 'KINH TẾ', 'QUẢN LÝ ĐÔ THỊ'])}"]
        place = _title_case(city)
    number_value = f"{rng.randint(12, 4999)}/{kind_abbrev + '-' if kind_abbrev else ''}{symbol}"
    day, month, year = _date(rng)
    blocks = [
        Block("agency", [parent, *name_lines]),
        Block("number", [f"Số: {number_value}"]),
        Block("motto", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]),
        Block("dateline", [_dateline(place, day, month, year)]),
    ]
    metadata = {"number": number_value, "issued_date": f"{year}-{month:02d}-{day:02d}",
                "agency": " ".join(name_lines), "parent_agency": parent, "place": place}  # fmt: skip
    return blocks, metadata


def _in_sentence(agency: str) -> str:
    """ỦY BAN NHÂN DÂN PHƯỜNG MỸ PHÚ -> Ủy ban nhân dân phường Mỹ Phú, as written inside a sentence."""
    if agency.startswith("ỦY BAN NHÂN DÂN "):
        rest = agency.removeprefix("ỦY BAN NHÂN DÂN ")
        unit = " ".join(rest.split()[: 2 if rest.startswith(("THÀNH", "THỊ")) else 1]).lower()
        return f"Ủy ban nhân dân {unit} {_title_case(rest)}"
    return "Phòng " + agency.removeprefix("PHÒNG ").lower()


def _address(rng: random.Random) -> str:
    _, city, ward, streets = rng.choice(PLACES)
    unit = "xã" if ward.startswith("XÃ") else "phường"
    return f"số {rng.randint(3, 480)} đường {rng.choice(streets)}, {unit} {_title_case(ward)}, {_title_case(city)}"


def _signature(rng: random.Random, titles: list[tuple[str | None, str]]) -> tuple[Block, dict[str, object]]:
    authority, title = rng.choice(titles)
    signer = person(rng)
    lines = ([authority] if authority else []) + [title, signer]
    prefix = authority.split(".")[0] + "." if authority else None
    return Block("signature", lines), {"signer": signer, "signer_title": title.split("\n")[-1],
                                       "signing_authority": prefix}  # fmt: skip


def _recipients(extra: list[str]) -> Block:
    return Block("recipients", ["Nơi nhận:", *[f"- {e};" for e in extra], "- Lưu: VT."])


def thong_bao_ket_qua(rng: random.Random) -> Document:
    """A notice whose subject stands under the type name with no "V/v" (issue 11: subject 44%)."""
    head, meta = _header(rng, "UBND", "TB")
    applicant, number = person(rng), cccd(rng)
    procedure = rng.choice(PROCEDURES)
    subject = f"Kết quả giải quyết hồ sơ {procedure}"
    sign, sign_meta = _signature(rng, [("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")])
    received = _date(rng)
    blocks = head + [
        Block("title", ["THÔNG BÁO"]), Block("subject", [subject]),
        Block("para", [f"Ngày {received[0]:02d}/{received[1]:02d}/{received[2]}, Bộ phận Một cửa đã tiếp nhận hồ sơ "
                       f"{procedure} của ông (bà) {applicant}, số định danh cá nhân {number}, địa chỉ {_address(rng)}."]),
        Block("para", ["Sau khi xem xét hồ sơ và đối chiếu các quy định hiện hành, cơ quan có thẩm quyền thông báo"
                       " hồ sơ đã được giải quyết. Kết quả được trả trực tiếp tại Bộ phận Một cửa hoặc qua dịch vụ"
                       " bưu chính công ích theo đăng ký của người nộp hồ sơ."]),
        Block("para", ["Mọi thắc mắc xin liên hệ Bộ phận Một cửa trong giờ hành chính để được hướng dẫn./."]),
        _recipients([f"Ông (bà) {applicant}"]), sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Thông báo", "subject": subject, **sign_meta, "people": [applicant],
                "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("thong_bao", blocks, metadata)


def bao_cao(rng: random.Random) -> Document:
    """A report with a table of figures; its subject under the type name."""
    head, meta = _header(rng, "UBND", "BC")
    quarter, year = rng.choice(["I", "II", "III", "IV"]), meta["issued_date"][:4]  # type: ignore[index]
    subject = f"Tình hình tiếp nhận và giải quyết thủ tục hành chính quý {quarter} năm {year}"
    rows = [["STT", "Lĩnh vực", "Tiếp nhận", "Đúng hạn", "Quá hạn"]]
    for index, area in enumerate(["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Hộ kinh doanh"], start=1):
        received = rng.randint(20, 900)
        late = rng.randint(0, max(1, received // 40))
        rows.append([str(index), area, str(received), str(received - late), str(late)])
    sign, sign_meta = _signature(rng, [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")])
    blocks = head + [
        Block("title", ["BÁO CÁO"]), Block("subject", [subject]),
        Block("para", [f"Thực hiện chỉ đạo của cấp trên về cải cách thủ tục hành chính, {_in_sentence(str(meta['agency']))} báo cáo"
                       f" kết quả tiếp nhận và giải quyết hồ sơ quý {quarter} năm {year} như sau:"]),  # type: ignore[union-attr]
        Block("table", [" ".join(r) for r in rows], rows),
        Block("para", ["Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên chín mươi phần trăm; các hồ sơ quá hạn đã được"
                       " xin lỗi người dân bằng văn bản theo quy định."]),
        _recipients(["UBND cấp trên", "Văn phòng HĐND và UBND"]), sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Báo cáo", "subject": subject, **sign_meta, "people": [], "id_numbers": [],
                "dossier_code": None}  # fmt: skip
    return Document("bao_cao", blocks, metadata)


def to_trinh(rng: random.Random) -> Document:
    head, meta = _header(rng, "UBND", "TTr")
    applicant = person(rng)
    subject = f"Về việc đề nghị {rng.choice(['phê duyệt', 'xem xét', 'chấp thuận'])} hồ sơ {rng.choice(PROCEDURES)}"
    sign, sign_meta = _signature(rng, [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), (None, "TRƯỞNG PHÒNG")])
    blocks = head + [
        Block("title", ["TỜ TRÌNH"]), Block("subject", [subject]),
        Block("recipients_to", [f"Kính gửi: {_in_sentence('ỦY BAN NHÂN DÂN ' + str(meta['parent_agency']).split(' ', 1)[1])}"]),
        Block("para", [f"Căn cứ hồ sơ do ông (bà) {applicant} nộp tại Bộ phận Một cửa và kết quả thẩm định của"
                       " công chức chuyên môn, hồ sơ đầy đủ thành phần và đúng quy định."]),
        Block("para", ["Kính đề nghị cấp có thẩm quyền xem xét, quyết định để trả kết quả cho người dân đúng hạn./."]),
        _recipients(["Như trên"]), sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Tờ trình", "subject": subject, **sign_meta, "people": [applicant],
                "id_numbers": [], "dossier_code": None}  # fmt: skip
    return Document("to_trinh", blocks, metadata)


def giay_chung_nhan(rng: random.Random) -> Document:
    """A certificate of household business: numbered fields, no subject."""
    head, meta = _header(rng, "ĐKKD", None)
    owner, number = person(rng), cccd(rng)
    code = f"{rng.randint(10, 96)}{rng.choice('ABCDE')}{rng.randint(8, 9)}{rng.randint(0, 99999999):08d}"
    born = _date(rng)
    sign, sign_meta = _signature(rng, [("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"), (None, "TRƯỞNG PHÒNG")])
    fields = [
        f"Mã số hộ kinh doanh: {code}",
        f"Đăng ký lần đầu: ngày {born[0]:02d} tháng {born[1]:02d} năm {rng.randint(2015, 2023)}",
        f"1. Tên hộ kinh doanh: HỘ KINH DOANH {owner.upper()}",
        f"2. Địa điểm kinh doanh: {_address(rng)}",
        f"3. Ngành, nghề kinh doanh: {rng.choice(TRADES)}",
        f"4. Vốn kinh doanh: {rng.randint(5, 90) * 10_000_000:,} đồng".replace(",", "."),
        f"5. Chủ hộ kinh doanh: {owner}",
        f"Ngày sinh: {born[0]:02d}/{born[1]:02d}/{rng.randint(1960, 2000)}   Dân tộc: {rng.choice(ETHNICITIES)}",
        f"Số định danh cá nhân: {number}",
    ]
    blocks = head + [
        Block("title", ["GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"]),
        *[Block("field", [f]) for f in fields], sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Giấy chứng nhận đăng ký hộ kinh doanh", "subject": None, **sign_meta,
                "people": [owner], "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("giay_chung_nhan", blocks, metadata)


def trich_luc(rng: random.Random) -> Document:
    """A birth extract as a two-column form (labels | values): a table for the layout, fields for extraction."""
    head, meta = _header(rng, "TLKS-BS", None)
    child, mother, father, number = person(rng), person(rng), person(rng), cccd(rng)
    born = _date(rng)
    rows = [
        ["Họ, chữ đệm, tên:", child.upper()],
        ["Ngày, tháng, năm sinh:", f"{born[0]:02d}/{born[1]:02d}/{born[2]}"],
        ["Giới tính:", rng.choice(["Nam", "Nữ"])], ["Dân tộc:", rng.choice(ETHNICITIES)],
        ["Quốc tịch:", "Việt Nam"], ["Nơi sinh:", f"Bệnh viện Đa khoa {meta['place']}"],
        ["Số định danh cá nhân:", number], ["Họ, chữ đệm, tên người mẹ:", mother], ["Họ, chữ đệm, tên người cha:", father],
    ]  # fmt: skip
    sign, sign_meta = _signature(rng, [("TL. CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH"), (None, "NGƯỜI KÝ TRÍCH LỤC")])
    blocks = head + [
        Block("title", ["TRÍCH LỤC KHAI SINH", "(BẢN SAO)"]),
        Block("table", [" ".join(r) for r in rows], rows),
        Block("para", [f"Nơi đăng ký: {_in_sentence(str(meta['agency']))}"]),
        sign,
    ]
    metadata = {**meta, "doc_type": "Trích lục khai sinh", "subject": None, **sign_meta,
                "people": [child.title(), mother, father], "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("trich_luc", blocks, metadata)


def quyet_dinh_dai(rng: random.Random) -> Document:
    """A two-page decision: articles spill onto page 2, whose number stands at the top."""
    head, meta = _header(rng, "UBND", "QĐ")
    beneficiary, number = person(rng), cccd(rng)
    subject = f"Về việc {rng.choice(['cho phép chuyển mục đích sử dụng đất', 'công nhận hộ kinh doanh tiêu biểu', 'hỗ trợ chi phí sửa chữa nhà ở'])}"
    sign, sign_meta = _signature(rng, [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")])
    # the Land Law in force on the decision's date: the 2024 law took effect on 1 August 2024 (a result
    # never cites a law passed after it)
    land_law = ("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024 và các văn bản hướng dẫn thi hành;"
                if str(meta["issued_date"]) >= "2024-08-01" else
                "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013 và các văn bản hướng dẫn thi hành;")  # fmt: skip
    grounds = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        land_law,
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, "
        "một cửa liên thông trong giải quyết thủ tục hành chính;",
        f"Xét đề nghị của Trưởng phòng chuyên môn và hồ sơ của ông (bà) {beneficiary}.",
    ]
    articles = [
        f"Điều 1. Chấp thuận đề nghị của ông (bà) {beneficiary}, số định danh cá nhân {number}, cư trú tại "
        f"{_address(rng)}, theo hồ sơ đã nộp tại Bộ phận Một cửa.",
        "Điều 2. Người được chấp thuận có trách nhiệm thực hiện đúng nội dung tại Điều 1, chấp hành các quy định "
        "của pháp luật có liên quan và chịu trách nhiệm về tính trung thực của hồ sơ.",
        "Điều 3. Giao các phòng chuyên môn theo dõi, kiểm tra việc thực hiện; báo cáo kết quả định kỳ sáu tháng "
        "một lần hoặc đột xuất khi có yêu cầu.",
        f"Điều 4. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng chuyên môn và ông (bà) "
        f"{beneficiary} chịu trách nhiệm thi hành Quyết định này./.",
    ]
    blocks = head + [
        Block("title", ["QUYẾT ĐỊNH"]), Block("subject", [subject]),
        Block("title", [f"CHỦ TỊCH {meta['agency']}" if meta["agency"].startswith("ỦY BAN") else f"TRƯỞNG {meta['agency']}"]),  # type: ignore[union-attr]
        *[Block("para", [g]) for g in grounds], Block("title", ["QUYẾT ĐỊNH:"]),
        *[Block("para", [a]) for a in articles[:2]],
        Block("pagebreak", []), Block("pageno", ["2"]),
        *[Block("para", [a]) for a in articles[2:]],
        _recipients(["Như Điều 4", "Lãnh đạo UBND"]), sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Quyết định", "subject": subject, **sign_meta, "people": [beneficiary],
                "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("quyet_dinh", blocks, metadata)


def cong_van(rng: random.Random) -> Document:
    """An official letter: "V/v" under the number, "Kính gửi", a CCCD written with spaces (as typed)."""
    head, meta = _header(rng, "UBND-VP", None)
    citizen, number = person(rng), cccd(rng)
    topic = rng.choice(PROCEDURES)
    spaced = f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}"
    head.insert(2, Block("subject", [f"V/v {topic}"]))
    sign, sign_meta = _signature(rng, [("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")])
    blocks = head + [
        Block("recipients_to", [f"Kính gửi: Ông (bà) {citizen}"]),
        Block("para", [f"Ủy ban nhân dân nhận được đơn của ông (bà) {citizen}, căn cước công dân số {spaced}, về việc "
                       f"{topic}. Sau khi kiểm tra, hồ sơ còn thiếu bản sao giấy tờ chứng minh nơi cư trú."]),
        Block("para", ["Đề nghị ông (bà) bổ sung hồ sơ trong thời hạn mười lăm ngày làm việc kể từ ngày nhận được"
                       " văn bản này để được giải quyết theo quy định./."]),
        _recipients(["Như trên"]), sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Công văn", "subject": f"V/v {topic}", **sign_meta, "people": [citizen],
                "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("cong_van", blocks, metadata)


def giay_xac_nhan(rng: random.Random) -> Document:
    """A marital-status certificate: a form with dotted leaders and a signer without an authority prefix."""
    head, meta = _header(rng, "XNTTHN", None)
    holder, number = person(rng), cccd(rng)
    born = _date(rng)
    sign, sign_meta = _signature(rng, [(None, "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")])
    fields = [
        f"Họ, chữ đệm, tên: {holder}",
        f"Ngày, tháng, năm sinh: {born[0]:02d}/{born[1]:02d}/{rng.randint(1965, 2002)}",
        f"Giới tính: {rng.choice(['Nam', 'Nữ'])}    Dân tộc: {rng.choice(ETHNICITIES)}    Quốc tịch: Việt Nam",
        f"Giấy tờ tùy thân: Căn cước công dân số {number}",
        f"Nơi cư trú: {_address(rng)}",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để làm thủ tục đăng ký kết hôn, có giá trị sáu tháng kể từ ngày cấp.",
    ]
    blocks = head + [
        Block("title", ["GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"]),
        *[Block("field", [f]) for f in fields], sign,
    ]  # fmt: skip
    metadata = {**meta, "doc_type": "Giấy xác nhận tình trạng hôn nhân", "subject": None, **sign_meta,
                "people": [holder], "id_numbers": [number], "dossier_code": None}  # fmt: skip
    return Document("giay_xac_nhan", blocks, metadata)


KINDS = {
    "thong_bao": thong_bao_ket_qua, "bao_cao": bao_cao, "to_trinh": to_trinh, "giay_chung_nhan": giay_chung_nhan,
    "trich_luc": trich_luc, "quyet_dinh": quyet_dinh_dai, "cong_van": cong_van, "giay_xac_nhan": giay_xac_nhan,
}  # fmt: skip
