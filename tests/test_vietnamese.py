import json
import pickle
import unicodedata
from pathlib import Path

import pytest

from indexing.syllables import ONSETS, RHYMES, TONES, all_syllables, compose, is_syllable
from indexing.vietnamese import fold, has_diacritics, identifier_key, normalize, tokens, vietnamese_word_share

pytestmark = pytest.mark.catalog_agnostic  # the same outcome on either catalog engine: SQLite pass only


def test_normalize_is_nfc_with_one_tone_convention_and_real_d_with_stroke() -> None:
    assert normalize("Ho\u0300a") == "Hòa"  # decomposed input comes out composed
    assert normalize("hoà") == "hòa"
    assert normalize("thuỷ lợi") == "thủy lợi"
    assert normalize("Uỷ ban") == "Ủy ban"
    assert normalize("quý") == "quý"  # qu + y keeps its tone where it is
    assert normalize("hoàn thành") == "hoàn thành"  # tone stays when a final consonant follows
    assert normalize("\u00d0ồng Nai") == "Đồng Nai"  # Icelandic eth look-alike


def test_fold_strips_every_mark_and_maps_d_with_stroke() -> None:
    assert fold("Đồng Nai") == "dong nai"
    assert fold("NGUYỄN VĂN ĐẠT") == "nguyen van dat"
    assert fold("ươ ắ ữ") == "uo a u"


def test_tokens_are_lowercase_syllables_without_punctuation() -> None:
    assert tokens("Số: 15/QĐ-UBND, ngày 05") == ["số", "15", "qđ", "ubnd", "ngày", "05"]


def test_identifier_key_ignores_spacing_case_and_d_forms() -> None:
    assert identifier_key("15 / QĐ - UBND") == identifier_key("15/qd-ubnd") == "15qdubnd"
    assert identifier_key("000.00.20.H10-231228-0001") == "0000020h102312280001"


def test_has_diacritics() -> None:
    assert has_diacritics("Nguyễn")
    assert has_diacritics("đa")
    assert not has_diacritics("nguyen van an")


def test_vietnamese_word_share_tells_real_text_from_firmware_junk() -> None:
    assert vietnamese_word_share("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc") > 0.5
    assert vietnamese_word_share("CONG Hcok xA HQI CHU NGHIA VIET NAM Doc lap Tu do") < 0.1


def test_normalize_keeps_every_syllable_of_the_traditional_convention_and_converts_the_new_one() -> None:
    """Every written syllable (onsets x rhymes x tones, generated), NFC and NFD, lower, upper and
    capitalised, alone and inside a sentence. An older normalize turned "Luật" into "Lụât"."""
    checked = 0
    for onset in ONSETS:
        for rhyme in RHYMES:
            for tone in TONES:
                traditional, new = compose(onset, rhyme, tone, "traditional"), compose(onset, rhyme, tone, "new")
                if traditional is None or new is None:
                    continue
                for form in (new, traditional):
                    for cased, expected in ((form, traditional), (form.upper(), traditional.upper()),
                                            (form.capitalize(), traditional.capitalize())):  # fmt: skip
                        assert normalize(cased) == expected, (cased, expected)
                        assert normalize(unicodedata.normalize("NFD", cased)) == expected, (cased, expected)
                        sentence = f"Về việc {cased}, {cased}. ({cased})"
                        assert normalize(sentence) == f"Về việc {expected}, {expected}. ({expected})"
                checked += 1
    assert checked > 17000


def test_normalize_no_longer_moves_a_dot_below_onto_the_wrong_vowel() -> None:
    text = "Luật hoặc Thuận, Tuệ, khuyết tật, LUẬT HOẶC, hoàng, thuở, quặng, ngoặt"
    assert normalize(text) == text
    assert normalize(unicodedata.normalize("NFD", text)) == text


def test_syllables_hold_real_words_and_refuse_junk() -> None:
    real = ("luật", "hoặc", "khuỷu", "nghiêng", "giếng", "gìn", "quýt", "xoong", "hòa", "hoà", "thủy", "ĐƯỜNG")
    assert [w for w in real if not is_syllable(w)] == []
    assert not any(is_syllable(w) for w in ("hcok", "hqi", "lụât", "họăc", "kà", "ghá", "ngha", "quu", "tápt"))
    assert "luật" in all_syllables() and "hoà" in all_syllables("new") and "hoà" not in all_syllables()


def test_readability_tells_a_real_page_from_a_garbled_layer() -> None:
    from indexing.vietnamese import readability

    real = readability("ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG Số: 15/QĐ-UBND QUYẾT ĐỊNH về việc cấp giấy phép cho ông Lê Văn An")
    assert real.reads_as_vietnamese() and real.syllables == 1.0 and real.abbreviations > 0
    assert not readability("CONG Hcok xA HQI CHU NGHIA VIET NAM Doc lap Tu do Hanh phuc").reads_as_vietnamese()
    garbled = readability("CỘNG HÒA XÃ HỘl CHỦ NGHĨA VlỆT NAM Độc lập Tự do Hạnh phúc Kính gửl Phu'ờng Hlệp Thành")
    assert not garbled.reads_as_vietnamese() and "âm tiết hợp lệ" in garbled.why_not()


def test_one_d_read_as_its_look_alike_and_itself_is_one_d() -> None:
    """Issue 11 (independent seeds 9, 33, 37 and 43): Tesseract read every giấy chứng nhận's number
    "4311/ÐĐKKD", an Eth beside the Đ, and the text kept "ĐĐKKD". A Đ alone, or two Đ, stay."""
    assert normalize("Số: 4311/\u00d0\u0110KKD") == "Số: 4311/ĐKKD"
    assert normalize("\u0111\u00f0ăng ký") == "đăng ký"
    assert normalize("\u00d0ỒNG THÁP") == "ĐỒNG THÁP" and normalize("ĐĐ") == "ĐĐ"


def test_the_units_register_is_kept_and_built_again_when_its_list_changes(tmp_path: Path) -> None:
    """Every OCR worker built the register of administrative units as it started, at every batch
    (0.22 s of CPU each). It is kept beside the lists and read back while the lists and the code
    that builds it are the same; a list changed, or a kept file unreadable, and it is built again."""
    from indexing.places import Register, _built, _kept_built, _register_key

    units = tmp_path / "units.json"
    kept = tmp_path / "register.pickle"

    def write_list(*wards: str) -> None:
        province = {"name": "Tỉnh Nghệ An", "division_type": "tỉnh", "districts": [
            {"name": "Thị xã Cửa Lò", "division_type": "thị xã",
             "wards": [{"name": f"Phường {ward}", "division_type": "phường"} for ward in wards]}]}  # fmt: skip
        units.write_text(json.dumps([province], ensure_ascii=False), encoding="utf-8")

    write_list("Nghi Thủy")
    first = _kept_built([units], kept)
    assert kept.exists() and first == _built([units])
    assert "phuong nghi thuy" in first.spellings and "phuong nghi tan" not in first.spellings
    marked = Register({"kept": frozenset({"KEPT"})}, frozenset(), frozenset())
    kept.write_bytes(pickle.dumps((_register_key([units]), marked)))
    assert _kept_built([units], kept) == marked  # read back, not built again
    write_list("Nghi Thủy", "Nghi Tân")
    again = _kept_built([units], kept)
    assert again.spellings["phuong nghi tan"] == frozenset({"PHƯỜNG NGHI TÂN"})
    kept.write_bytes(b"not a register")
    assert _kept_built([units], kept) == again
