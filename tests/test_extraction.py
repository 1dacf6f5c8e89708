from pipeline.extraction.fields import extract_metadata, metadata_record

HEADER = """UBND THÀNH PHỐ TÂN UYÊN
ỦY BAN NHÂN DÂN
PHƯỜNG PHÚ LỢI
Số: 15/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Lợi, ngày 05 tháng 01 năm 2023
QUYẾT ĐỊNH
Về việc cấp giấy phép xây dựng
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Điều 1. Ông Nguyễn Văn An, số định danh cá nhân (CCCD) 074085001234, nơi cư trú: phường Phú Lợi.
Liên hệ điện thoại 0912345678 hoặc mã số thuế 3701234567.
"""


def test_first_page_fields() -> None:
    record = metadata_record(extract_metadata([HEADER]))
    assert record["doc_type"] == "Quyết định"
    assert record["number"] == "15/QĐ-UBND"
    assert record["issued_date"] == "2023-01-05"  # the header date line, not the cited law's date
    assert record["id_numbers"] == ["074085001234"]  # labelled CCCD only; the phone and tax numbers are not
    assert record["people"] == [] and record["signer"] is None  # contract: [] / null when not found


def test_ocr_noise_in_the_number_line_is_tolerated() -> None:
    noisy = HEADER.replace("Số: 15/QĐ-UBND", "S6: 15 / QÐ - UBND")
    assert metadata_record(extract_metadata([noisy]))["number"] == "15/QĐ-UBND"


def test_cong_van_has_no_type_line_but_a_vv_subject() -> None:
    text = "SỞ NỘI VỤ\nSố: 05/SNV-VP\nV/v số hóa hồ sơ\nBình Dương, ngày 12 tháng 3 năm 2024\nKính gửi: Ủy ban"
    record = metadata_record(extract_metadata([text]))
    assert record["doc_type"] == "Công văn"
    assert record["number"] == "05/SNV-VP"
    assert record["subject"] == "V/v số hóa hồ sơ"
    assert record["issued_date"] == "2024-03-12"


def test_no_date_rather_than_a_wrong_one() -> None:
    text = "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020;\nngày 31 tháng 02 năm 2023"
    assert metadata_record(extract_metadata([text]))["issued_date"] is None


def test_dossier_code_anywhere_in_the_document() -> None:
    pages = ["PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: 000.00.20.H10-231228-0001"]
    record = metadata_record(extract_metadata(pages))
    assert record["doc_type"] == "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"
    assert record["dossier_code"] == "000.00.20.H10-231228-0001"
