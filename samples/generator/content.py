"""What the generated documents say: agencies, people, numbers, dates and the text of each type."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Trương", "Đinh"]  # fmt: skip
MIDDLE_MALE = ["Văn", "Minh", "Hữu", "Đức", "Quốc", "Thanh", "Công", "Xuân", "Hoàng", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thanh", "Thị Thu", "Thị Kim", "Mỹ", "Thị Hồng", "Bảo", "Thùy"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
              "Tuấn", "Việt", "Đạt", "Đông", "Hiếu", "Thắng", "Trung", "Lộc"]  # fmt: skip
GIVEN_FEMALE = ["Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Tâm", "Thảo", "Trang", "Yến", "Hằng",
                "Nhung", "Oanh", "Phượng", "Thủy", "Vân", "Xuân"]  # fmt: skip
STREETS = ["Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Điện Biên Phủ", "Cách Mạng Tháng Tám",
           "Phú Lợi", "Yersin", "Bạch Đằng", "Lý Thường Kiệt"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Agency:
    parent: str  # caps, regular
    name: str  # caps, bold: the issuing agency
    place: str  # place in the date line
    symbol: str  # agency abbreviation in document numbers
    authority: str  # "TM. ỦY BAN NHÂN DÂN" ...
    titles: tuple[str, ...]  # signer positions
    province_code: str  # first three digits of CCCDs of people born there
    unit_code: str  # agency code for dossier codes: 000.00.20.H10


AGENCIES = [
    Agency("UBND THÀNH PHỐ TÂN UYÊN", "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚ LỢI", "Phú Lợi", "UBND",
           "TM. ỦY BAN NHÂN DÂN", ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "074", "000.00.20.H10"),
    Agency("UBND TỈNH BÌNH DƯƠNG", "SỞ NỘI VỤ", "Bình Dương", "SNV",
           "KT. GIÁM ĐỐC", ("PHÓ GIÁM ĐỐC",), "074", "000.00.01.H10"),
    Agency("UBND THÀNH PHỐ THỦ DẦU MỘT", "ỦY BAN NHÂN DÂN\nPHƯỜNG HIỆP THÀNH", "Thủ Dầu Một", "UBND",
           "TM. ỦY BAN NHÂN DÂN", ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "074", "000.00.21.H10"),
    Agency("UBND TỈNH ĐỒNG NAI", "SỞ TƯ PHÁP", "Đồng Nai", "STP",
           "KT. GIÁM ĐỐC", ("PHÓ GIÁM ĐỐC",), "075", "000.00.02.H19"),
    Agency("UBND THÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN\nPHƯỜNG HOÀN KIẾM", "Hà Nội", "UBND",
           "TM. ỦY BAN NHÂN DÂN", ("CHỦ TỊCH",), "001", "000.00.30.H26"),
    Agency("UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN\nXÃ ĐẠ HUOAI", "Lâm Đồng", "UBND",
           "TM. ỦY BAN NHÂN DÂN", ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "068", "000.00.40.H39"),
    Agency("BỘ NỘI VỤ", "VĂN PHÒNG", "Hà Nội", "BNV-VP",
           "TL. BỘ TRƯỞNG", ("CHÁNH VĂN PHÒNG",), "001", "000.00.00.G11"),
    Agency("UBND TỈNH CẦN THƠ", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Cần Thơ", "STNMT",
           "KT. GIÁM ĐỐC", ("PHÓ GIÁM ĐỐC",), "092", "000.00.05.H13"),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    male: bool
    born: date
    id_number: str


def make_person(rng: random.Random, province_code: str, adult: bool = True) -> Person:
    male = rng.random() < 0.5
    name = " ".join(
        [
            rng.choice(SURNAMES),
            rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
            rng.choice(GIVEN_MALE if male else GIVEN_FEMALE),
        ]
    )
    year = rng.randint(1955, 2003) if adult else rng.randint(2018, 2025)
    born = date(year, rng.randint(1, 12), rng.randint(1, 28))
    century_sex = (0 if year < 2000 else 2) + (0 if male else 1)
    id_number = f"{province_code}{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}"
    return Person(name, male, born, id_number)


def honorific(person: Person) -> str:
    return "Ông" if person.male else "Bà"


def date_line(place: str, day: date) -> str:
    # Decree 30: days below 10 and months 1-2 are zero-padded.
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def address(rng: random.Random, agency: Agency) -> str:
    ward = agency.name.split("\n")[-1].title() if "\n" in agency.name else f"phường {rng.choice(['1', '2', '5', 'Tân An'])}"
    return f"số {rng.randint(1, 350)} đường {rng.choice(STREETS)}, {ward.replace('Phường', 'phường').replace('Xã', 'xã')}, {agency.place}"


# A document is a list of blocks; the renderer lays them out and paginates.
@dataclass(slots=True)
class Block:
    kind: str  # header | title | subject | paragraph | line | signature | recipients | field
    lines: list[str]
    style: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentSpec:
    kind: str  # generator name
    blocks: list[Block]
    metadata: dict[str, Any]
    header_left: list[str]
    header_right: list[str]
    signature: list[str]  # authority, title, name
    recipients: list[str]
    seal_text: str


LAWS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử;",
    "Căn cứ Nghị định số 01/2021/NĐ-CP ngày 04 tháng 01 năm 2021 của Chính phủ về đăng ký doanh nghiệp;",
    "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;",
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;",
]  # fmt: skip

SUBJECTS = [
    ("Về việc cấp giấy phép xây dựng nhà ở riêng lẻ", "xây dựng nhà ở riêng lẻ tại {addr}"),
    ("Về việc hỗ trợ kinh phí cho hộ gia đình có hoàn cảnh khó khăn", "nhận hỗ trợ kinh phí số tiền {money} đồng"),
    ("Về việc công nhận hộ gia đình văn hóa năm {year}", "được công nhận danh hiệu gia đình văn hóa năm {year}"),
    ("Về việc giao đất ở cho hộ gia đình, cá nhân", "được giao thửa đất số {plot}, tờ bản đồ số {sheet}, diện tích {area} m²"),
    ("Về việc thu hồi giấy chứng nhận đăng ký hộ kinh doanh", "bị thu hồi giấy chứng nhận đăng ký hộ kinh doanh do ngừng hoạt động"),
]  # fmt: skip

CV_SUBJECTS = [
    "V/v trả lời kiến nghị của công dân về cấp giấy chứng nhận quyền sử dụng đất",
    "V/v đề nghị cung cấp thông tin hồ sơ đăng ký hộ kinh doanh",
    "V/v xác minh nơi cư trú của công dân",
    "V/v số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
]  # fmt: skip


def _fill(template: str, rng: random.Random, agency: Agency, day: date) -> str:
    return template.format(
        addr=address(rng, agency), money=f"{rng.randint(2, 30)}.000.000", year=day.year - 1,
        plot=rng.randint(10, 900), sheet=rng.randint(1, 60), area=f"{rng.randint(50, 300)},{rng.randint(0, 9)}",
    )  # fmt: skip


def _signer(rng: random.Random, agency: Agency) -> tuple[str, str, str]:
    title = rng.choice(agency.titles)
    person = make_person(rng, agency.province_code)
    authority = agency.authority
    if title == "CHỦ TỊCH" and authority.startswith("TM."):
        pass
    elif title == "PHÓ CHỦ TỊCH":
        authority = "KT. CHỦ TỊCH"
    return authority, title, person.name


def _common(rng: random.Random, agency: Agency, number: str, day: date) -> tuple[list[str], list[str]]:
    left = [agency.parent, *agency.name.split("\n"), f"Số: {number}"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line(agency.place, day)]
    return left, right


def _meta(kind_name: str, number: str | None, day: date, agency: Agency, subject: str | None,
          signer: tuple[str, str, str] | None, people: list[Person], dossier: str | None) -> dict[str, Any]:  # fmt: skip
    return {
        "doc_type": kind_name,
        "number": number,
        "issued_date": day.isoformat(),
        "agency": agency.name.replace("\n", " "),
        "parent_agency": agency.parent,
        "place": agency.place,
        "subject": subject,
        "signer": signer[2] if signer else None,
        "signer_title": signer[1] if signer else None,
        "signing_authority": signer[0].split(" ")[0] if signer and signer[0] else None,
        "people": [p.name for p in people],
        "id_numbers": [p.id_number for p in people],
        "dossier_code": dossier,
    }


def random_day(rng: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))


def quyet_dinh(rng: random.Random, agency: Agency, long: bool = False) -> DocumentSpec:
    day = random_day(rng)
    number = f"{rng.randint(1, 3999)}/QĐ-{agency.symbol}"
    subject_t, clause_t = rng.choice(SUBJECTS)
    subject = _fill(subject_t, rng, agency, day)
    person = make_person(rng, agency.province_code)
    signer = _signer(rng, agency)
    left, right = _common(rng, agency, number, day)
    issuer = agency.name.replace("\n", " ")
    body = [
        Block("title", ["QUYẾT ĐỊNH"]),
        Block("subject", [subject]),
        Block("title", [("CHỦ TỊCH " if "ỦY BAN" in issuer else "GIÁM ĐỐC ") + issuer]),
        *[Block("paragraph", [law], {"italic": True}) for law in rng.sample(LAWS, 3 if not long else 5)],
        Block("paragraph", [f"Xét đề nghị của {rng.choice(['Trưởng phòng Kinh tế, Hạ tầng và Đô thị', 'Công chức Tư pháp - Hộ tịch', 'Chánh Văn phòng'])} và hồ sơ của {honorific(person).lower()} {person.name}."], {"italic": True}),
        Block("title", ["QUYẾT ĐỊNH:"]),
        Block("paragraph", [
            f"Điều 1. {honorific(person)} {person.name}, sinh ngày {person.born:%d/%m/%Y}, số định danh cá nhân (CCCD) "
            f"{person.id_number}, nơi cư trú: {address(rng, agency)}, {_fill(clause_t, rng, agency, day)}."
        ]),
        Block("paragraph", [
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. "
            + ("Trong thời hạn mười hai tháng kể từ ngày được cấp, người được cấp phải thực hiện đúng nội dung "
               "đã được phê duyệt, tuân thủ các quy định của pháp luật về trật tự xây dựng, bảo vệ môi trường và "
               "an toàn lao động; chịu trách nhiệm trước pháp luật về tính chính xác của hồ sơ đã nộp. " * (3 if long else 1))
        ]),
        Block("paragraph", [
            f"Điều 3. Văn phòng, các phòng chuyên môn có liên quan và {honorific(person).lower()} {person.name} "
            "chịu trách nhiệm thi hành Quyết định này./."
        ]),
    ]  # fmt: skip
    recipients = ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    return DocumentSpec("quyet_dinh", body, _meta("Quyết định", number, day, agency, subject, signer, [person], None),
                        left, right, list(signer), recipients, issuer)  # fmt: skip


def cong_van(rng: random.Random, agency: Agency) -> DocumentSpec:
    day = random_day(rng)
    number = f"{rng.randint(1, 2999)}/{agency.symbol}-{rng.choice(['VX', 'VP', 'TNMT', 'KT'])}"
    subject = rng.choice(CV_SUBJECTS)
    person = make_person(rng, agency.province_code)
    signer = _signer(rng, agency)
    left, right = _common(rng, agency, number, day)
    left.append(subject)
    body = [
        Block("line", [f"Kính gửi: {honorific(person)} {person.name}"], {"center": True}),
        Block("paragraph", [
            f"{agency.name.replace(chr(10), ' ').title()} nhận được đơn của {honorific(person).lower()} {person.name}, "
            f"số CCCD {person.id_number}, cư trú tại {address(rng, agency)}, đề nghị xem xét giải quyết nội dung nêu trên."
        ]),
        Block("paragraph", [
            "Sau khi kiểm tra hồ sơ lưu trữ và đối chiếu quy định hiện hành, cơ quan đã giao bộ phận chuyên môn "
            "rà soát, số hóa kết quả giải quyết thủ tục hành chính để tái sử dụng, không yêu cầu công dân nộp lại "
            "giấy tờ đã được cơ quan có thẩm quyền cấp."
        ]),
        Block("paragraph", ["Trân trọng./."]),
    ]  # fmt: skip
    recipients = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    return DocumentSpec("cong_van", body, _meta("Công văn", number, day, agency, subject, signer, [person], None),
                        left, right, list(signer), recipients, agency.name.replace("\n", " "))  # fmt: skip


def thong_bao(rng: random.Random, agency: Agency) -> DocumentSpec:
    day = random_day(rng)
    number = f"{rng.randint(1, 999)}/TB-{agency.symbol}"
    subject = rng.choice(["Về việc tiếp nhận hồ sơ trực tuyến toàn trình", "Về kết quả giải quyết hồ sơ thủ tục hành chính",
                          "Về việc thay đổi thời gian tiếp công dân"])  # fmt: skip
    people = [make_person(rng, agency.province_code) for _ in range(2)]
    signer = _signer(rng, agency)
    left, right = _common(rng, agency, number, day)
    body = [
        Block("title", ["THÔNG BÁO"]),
        Block("subject", [subject]),
        Block("paragraph", [
            f"{agency.name.replace(chr(10), ' ').title()} thông báo kết quả giải quyết hồ sơ của các công dân sau:"
        ]),
        *[Block("paragraph", [f"{i}. {honorific(p)} {p.name}, sinh năm {p.born.year}, CCCD số {p.id_number}: hồ sơ "
                              "đã được giải quyết, mời đến Bộ phận Một cửa nhận kết quả."])
          for i, p in enumerate(people, start=1)],
        Block("paragraph", ["Đề nghị công dân mang theo giấy hẹn trả kết quả khi đến nhận./."]),
    ]  # fmt: skip
    recipients = ["Nơi nhận:", "- Các công dân có tên trên;", "- Lưu: VT."]
    return DocumentSpec("thong_bao", body, _meta("Thông báo", number, day, agency, subject, signer, people, None),
                        left, right, list(signer), recipients, agency.name.replace("\n", " "))  # fmt: skip


def giay_chung_nhan_hkd(rng: random.Random, agency: Agency) -> DocumentSpec:
    day = random_day(rng)
    owner = make_person(rng, agency.province_code)
    code = f"46A8{rng.randint(0, 999999):06d}"
    signer = _signer(rng, agency)
    left = [agency.parent, *agency.name.split("\n")]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line(agency.place, day)]
    business = rng.choice(["Tạp hóa Bình An", "Quán cơm Hương Quê", "Sửa xe Minh Phát", "Cà phê Góc Phố"])
    body = [
        Block("title", ["GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"]),
        Block("line", [f"Mã số hộ kinh doanh: {code}"], {"center": True, "bold": True}),
        Block("line", [f"Đăng ký lần đầu: ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"], {"center": True, "italic": True}),
        Block("field", [f"1. Tên hộ kinh doanh: {business.upper()}"]),
        Block("field", [f"2. Địa điểm kinh doanh: {address(rng, agency)}"]),
        Block("field", [f"3. Ngành, nghề kinh doanh: {rng.choice(['Bán lẻ lương thực, thực phẩm', 'Dịch vụ ăn uống', 'Sửa chữa mô tô, xe máy'])}"]),
        Block("field", [f"4. Vốn kinh doanh: {rng.randint(20, 500)}.000.000 đồng"]),
        Block("field", [f"5. Chủ hộ kinh doanh: {owner.name.upper()}"]),
        Block("field", [f"Giới tính: {'Nam' if owner.male else 'Nữ'}   Sinh ngày: {owner.born:%d/%m/%Y}   Dân tộc: Kinh"]),
        Block("field", [f"Số định danh cá nhân: {owner.id_number}"]),
        Block("field", [f"Nơi thường trú: {address(rng, agency)}"]),
    ]  # fmt: skip
    meta = _meta("Giấy chứng nhận đăng ký hộ kinh doanh", None, day, agency, None, signer, [owner], None)
    meta["household_business_code"] = code
    return DocumentSpec("giay_chung_nhan_hkd", body, meta, left, right, list(signer), [], agency.name.replace("\n", " "))


def trich_luc_khai_sinh(rng: random.Random, agency: Agency) -> DocumentSpec:
    day = random_day(rng)
    child = make_person(rng, agency.province_code, adult=False)
    mother = make_person(rng, agency.province_code)
    father = make_person(rng, agency.province_code)
    number = f"{rng.randint(1, 900)}/TLKS-BS"
    signer = ("TL. CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH", make_person(rng, agency.province_code).name)
    left, right = _common(rng, agency, number, day)
    body = [
        Block("title", ["TRÍCH LỤC KHAI SINH"]),
        Block("line", ["(BẢN SAO)"], {"center": True}),
        Block("field", [f"Họ, chữ đệm, tên: {child.name.upper()}"]),
        Block("field", [f"Ngày, tháng, năm sinh: {child.born:%d/%m/%Y}   Giới tính: {'Nam' if child.male else 'Nữ'}"]),
        Block("field", [f"Nơi sinh: Bệnh viện Đa khoa {agency.place}"]),
        Block("field", [f"Số định danh cá nhân: {child.id_number}"]),
        Block("field", [f"Họ, chữ đệm, tên người mẹ: {mother.name.upper()}"]),
        Block("field", [f"Năm sinh: {mother.born.year}   Số định danh cá nhân: {mother.id_number}"]),
        Block("field", [f"Họ, chữ đệm, tên người cha: {father.name.upper()}"]),
        Block("field", [f"Năm sinh: {father.born.year}   Số định danh cá nhân: {father.id_number}"]),
        Block("field", [f"Nơi đăng ký khai sinh: {agency.name.replace(chr(10), ' ').title()}"]),
    ]  # fmt: skip
    meta = _meta("Trích lục khai sinh", number, day, agency, None, signer, [child, mother, father], None)
    return DocumentSpec("trich_luc_khai_sinh", body, meta, left, right, list(signer), [], agency.name.replace("\n", " "))


def phieu_tiep_nhan(rng: random.Random, agency: Agency) -> DocumentSpec:
    day = random_day(rng)
    applicant = make_person(rng, agency.province_code)
    dossier = f"{agency.unit_code}-{day:%y%m%d}-{rng.randint(1, 9999):04d}"
    due = day + timedelta(days=rng.choice([3, 5, 7, 15]))
    procedure = rng.choice([
        ("1.001612", "Đăng ký thành lập hộ kinh doanh"), ("1.004227", "Đăng ký khai sinh"),
        ("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ"), ("2.000908", "Chứng thực bản sao từ bản chính"),
    ])  # fmt: skip
    number = None
    signer = ("", "NGƯỜI TIẾP NHẬN", make_person(rng, agency.province_code).name)
    left = [agency.parent, *agency.name.split("\n"), "BỘ PHẬN MỘT CỬA"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line(agency.place, day)]
    body = [
        Block("title", ["PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"]),
        Block("line", [f"Mã hồ sơ: {dossier}"], {"center": True, "bold": True}),
        Block("field", [f"Bộ phận tiếp nhận và trả kết quả {agency.name.replace(chr(10), ' ').title()} tiếp nhận hồ sơ của:"]),
        Block("field", [f"{honorific(applicant)}: {applicant.name}   Số CCCD: {applicant.id_number}"]),
        Block("field", [f"Địa chỉ: {address(rng, agency)}"]),
        Block("field", [f"Thủ tục: {procedure[1]} (mã thủ tục {procedure[0]})"]),
        Block("field", [f"Thời gian nhận hồ sơ: ngày {day:%d/%m/%Y}"]),
        Block("field", [f"Thời gian trả kết quả: ngày {due:%d/%m/%Y}"]),
        Block("field", ["Thành phần hồ sơ gồm: đơn đề nghị; bản sao giấy tờ tùy thân; giấy tờ chứng minh chỗ ở hợp pháp."]),
    ]  # fmt: skip
    meta = _meta("Phiếu tiếp nhận hồ sơ và hẹn trả kết quả", number, day, agency, None, signer, [applicant], dossier)
    meta["procedure"] = procedure[1]
    meta["received_date"] = day.isoformat()
    meta["due_date"] = due.isoformat()
    return DocumentSpec("phieu_tiep_nhan", body, meta, left, right, list(signer), [], "")


GENERATORS = {
    "quyet_dinh": quyet_dinh,
    "cong_van": cong_van,
    "thong_bao": thong_bao,
    "giay_chung_nhan_hkd": giay_chung_nhan_hkd,
    "trich_luc_khai_sinh": trich_luc_khai_sinh,
    "phieu_tiep_nhan": phieu_tiep_nhan,
}
