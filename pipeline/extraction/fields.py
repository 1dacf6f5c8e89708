"""Read a Vietnamese administrative document like a clerk: type, number, date, agency, subject,
signer, people, ID numbers, dossier code.

Rules use the layout regions found at recognition (agency block, date line, signer block) and
tolerate OCR noise: labels are matched on folded text (no tones, đ→d), type names fuzzily. Every
field keeps its confidence (rule certainty times the OCR confidence of its line) and the page and
box it came from. Unsure means empty: a wrong date is worse than none.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from indexing.places import KINDS, UnitFound, register, unit_in, unit_key
from indexing.syllables import is_syllable
from indexing.vietnamese import fold, is_vietnamese_letter, normalize
from ocr.language import (
    DOCUMENT_TYPES,
    KNOWN_SYMBOLS,
    RESULT_SYMBOLS,
    SIGNER_TITLES,
    SIGNER_TITLES_FOLDED,
    TONE_MARKS,
    TYPE_ABBREVIATIONS,
    dot_of_the_i,
    folded_letters,
    hat_on_the_other_bowl,
    name_syllables,
    other_tones,
    syllables_in_use,
    words_a_letter_off,
)
from pipeline.extraction.identifiers import (
    DOSSIER_CODE,
    HOUSEHOLD_BUSINESS_CODE,
    PROCEDURE_CODE,
    TAX_CODE,
    digits_only,
    valid_cccd,
    valid_cmnd,
)
from pipeline.extraction.lines import Line, PageView, page_from_text
from pipeline.extraction.names import EXPORT_FIELDS, EXTRA_FIELDS, LIST_FIELDS

# 83: a result's symbol of six letters two letters off ("XNLLHN": XNTTHN), for a clerk;
# 84: a date's "ngày" read in two pieces after the place's comma ("Mỹ Phú,n y 14 tháng 01 …");
# 85: a unit's name two letters off the unit the date line names, that unit, for a clerk ("GỬAILÒ");
# 86: a unit's last syllable read a letter off and no syllable kept for its unit ("CỬA ÊÒ": Cửa Lò);
# 87: a công văn's "V/v" read with a colon for its slash ("V:V xác nhận …");
# 88: a person under "Họ, chữ đệm, tên" whose "Họ," was lost at the line's start ("chữ đệm, tên người cha: …");
# 89: the number's label read with a caron on its S ("Šö: 3300/UBND-VP"), an identity number's
#     groups parted by a dash or a degree sign ("068 306-576°881");
# 90: a subject holding a word a letter off an administrative phrase's ("giải quyết bồ sơ"), for a clerk;
#     a number's "ố" read as a quotation mark, its slash as a colon, its symbol's bars swapped ("S” 1348:DKKĐ");
#     the committee's D read as two letters ("550/TB-UBNIZ");
# 91: a date line whose "ngày" was lost whole after the place's comma ("SÔNG Công, 26tháng02nam 2022"), for a clerk;
# 92: a title read unsure naming the type its number's symbol abbreviates, as sure as the symbol makes it;
# 93: a person named again with other marks ("Mạc Ánh Sương", "Mạc Anh Sương") for a clerk; "(bà)" opened by a brace;
#     a number's line without its colon ends the agency ("Số 4329/1B-UĐBND"); a result's symbol after a lost slash read with figures ("1599 XNF1HN");
#     the People's Committee read three letters off before its unit ("SBẠN NHÂN BÂN PHƯỜNG …"), for a clerk;
# 94: a date read before the latest date its bases cite ("năm 1990", its "Căn cứ" citing 1994) for a clerk;
#     "Về" and one word or none no subject;
# 82: a number whose label and slash were both lost, alone on a header line, its symbol a known one
#     ("2553 TIKS-BS à": 2553/TLKS-BS), for a clerk;
# 81: a signer's name opening on no surname ("Thất Trọng Trinh") for a clerk;
# 80: an agency opening on "BAN NHÂN DÂN" is a People's Committee's, its "ỦY" wrapped alone (and taken for the
#     parent's last word) or lost;
# 79: a bracket or bar read glued before a name's word ("Châu [Diệu Duyên") a space;
# 78: a parent cut short that one listed unit's name goes on from ("UBND THÀNH PHỐ BÁO": BẢO LỘC) that unit, for a clerk;
# 77: an authority and a head's position after the recipients' label on one body line ("Nơi nhận: .TL. CHỦ TỊCH") open it too;
# 76: "Họ. chữ đệm, tên" (its comma a stop) a person's label;
# 75: a body line reading as a head's position right above the closing column's first line opens its signature block;
# 74: a symbol without a dash a letter off a result's ("4107'DKKJ": ĐKKD) that symbol, for a clerk; one we know not
#     for a clerk (stored as sure, 0.95, before); a slash read as an apostrophe;
# 73: "/V" a công văn's "V/v", its first v lost; a công văn's first symbol part a letter off "UBND" (case and marks
#     aside: "gBÑD-VP") the committee's;
# 72: a parent ending on its unit's kind, the name lost ("UBND THÀNH PHỐ"), for a clerk;
# 71: an identity number spaced in groups and wrapped read across the two lines; "công dân số" its label;
# 70: letters no Vietnamese word has ("ïÿ") not counted as small letters in a signer's title line;
# 69: a unit completed by the date line's place spelled as listed, and the place as it ("SỐNG CỔNG");
# 68: a signer's name of two words for a clerk (a surname lost: "Kim Thắm");
# 67: a parent's "UBND" a letter off run into its unit's kind ("UBNETỈNH LÂM ĐÔNG") apart;
# 66: a star read between an agency's words their space ("THỊ XÃ*GÏÁ RAI");
# 65: a name read part in capitals, part not ("Mạc Thủy VỆ") for a clerk;
# 64: a date as sure as the less sure of its day's and year's words, not its month's (read right unsure);
# 63: a date as sure as the least sure of its day's, month's and year's words (a year read again); a
#     parent's "UBND" and its unit's kind run together ("UBNDTHÀANHPHỐ SÔNG CÔNG") apart;
# 62: a date line's place compared with its unit's name without the specks read as stops (".Bdo.Lộc");
#     a person under "Họ, chữ đệm, tên:" with its H lost ("ọ, chữ đệm, tên: Mạc Diệu Quyết");
# 61: a công văn's committee part read with its U as a 0 ("3359/0BND-VP"), for a clerk;
# 60: a person after "ông (…)" whose "bà" is read a letter off ("ông (pà) Lưu Thế Hiếu");
# 59: a position's last word after a syllable in small letters ("'trỷ TỊCH": the seal's arc) is that
#     position's, for a clerk;
# 58: a subject ends at a line in capitals under it (the issuer's title read a letter off); a letter
#     no syllable has after a signer's name of three words goes ("Lục Hữu Duyên Š");
# 57: a subject stops at "Kính gửi", "Căn cứ" read behind specks or a figure ("92 -. Kính gửi:");
#     a "về việc" read small right under its title is the subject; an agency starts at its
#     committee's name read a letter off ("ỦY BAN NHÂNMDÂN") under a parent read through a streak;
#     a symbol of three letters or more with a letter lost ("KKD") is the one known symbol so;
# 56: the place of a date line whose date reads as none ("Lương SƠN, ngày ,5 tháng …"), for a clerk;
# 55: an agency's unit a letter off several units the one the date line's place names ("PHƯỜNG
#     T.ƯỢNG SƠN" over "Lương SƠN, ngày …": Lương Sơn);
# 54: the trích yếu under a title read a letter or two off ("THÔNG 3ÁO") when the number's symbol
#     names that type, under lines of marks a streak left ("2 .e 2 e"), a speck's colon in a word
#     ("tš:ực") no field's;
# 53: a symbol's first letters read as figures and one more letter a letter off ("1176/11.RS-BS":
#     TLKS) for a clerk, when it is the one known symbol so;
# 52: a place after a stop only when its words are syllables ("VIÿ Phú." is none);
# 51: a place whose comma before "ngày" was read as a stop ("Bảo Lộc. ngày …"), less certain;
# 50: a date's "ngày" misread with specks glued to a day of two figures ("ngà§?26"), a day's
#     two figures read a gap apart ("ngày 1 8:tháng"), less certain;
# 49: a trích yếu read after a received stamp's lettering in its line ("… 0.NGÃI Về việc …"), from
#     its "Về việc" on, less certain;
# 48: a letter read for the number label's colon, glued to the figures ("Sốx3687"), is the colon;
#     a symbol's part of one capital, a space, then capitals ("QĐ-U ND"), one part;
# 47: a date line's day written in by hand and read as no figure, the day its signer's digital
#     signature was signed in the line's month and year, for a clerk to confirm;
# 46: people as sure as the least sure word of their names; a signer or people named with a
#     syllable no word, name or place holds to a clerk; a subject cut short (a quarter without its
#     year, a word that needs what follows) to a clerk; a town's name looked for among towns, not
#     communes (the "XÃ" of "THỊ XÃ"); a parent whose unit no list holds to a clerk; a date as sure
#     as the word its day was read in (a day written in by hand to a clerk);
# 45: the signer's block looked for on the last page with text (a blank back scanned after it);
#     a subject's colon read apart from its word joined to it ("Về việc : Giao"); a subject holding
#     a word no one writes goes to a clerk; a line centred by its words with letters or figures
#     (a speck's dash before "- Về việc" no part of it); an office's name read within a letter
#     ("PHONG%INH TẾ"); a unit read alone as the agency of a committee's number its committee; an
#     identity number as sure as the least sure word its figures were read in; a committee
#     named without its unit, the page holding none, to a clerk; a signer or people named with a
#     word that is no syllable to a clerk; a type's title taken for the agency no agency; "về việc"
#     after a number in a paragraph's line no subject; the date line's place read a letter or two
#     off its unit's name, or cut short, that name; a parent's "UBND" read as junk "UBND", and a
#     parent completed from the place; a mark between an agency's words their space ("THÀNH;PHÓ");
# 44: a công văn's number whose slash was lost before the committee's part, read a letter off
#     ("Sô: 4891 UBXD-VP"); a position's end after a lone letter the seal left ("U TỊCH"); a
#     subject's line ending on "số" goes on with the number after it, and a centred line set so
#     close its box reaches into the line above goes on; a number's figures written in apart from
#     its slash go to a clerk, a pen's mark after them dropped ("Số:542_ /TB-UBND");
# 43: the visible block of a digital signature on page 1 (Decree 30/2020, Appendix I: "Ký bởi: …",
#     "Thời gian ký: … +07:00", a gazette's "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC" stamp) no part of the
#     header: its lines were read as the agency on published scans (samples/real); a deputy's "KT."
#     line under the head's "TM." or "TL." line the signer's authority, the line under it the title;
#     a subject's line wrapped with a capital, centred close under the line above, goes on it; a
#     title below a date line whose day was written in by hand (no date read) is the type; a date
#     whose day reads one figure (Decree 30 writes two) for a clerk to confirm;
# 42: an office of two words after "PHÒNG" ending the name on its first ("PHÒNG KINH": KINH TẾ); a
#     symbol's first two letters read as figures ("1176/11.KS-BS": TLKS);
# 41: a speck glued before a symbol's dash dropped ("T1:-UBND"); a number without its label, in the
# header or above the title, whose symbol is the type's abbreviation read as lookalikes ("ố:
# 4954/đĐ-UBND"); a date's day a 0's right half after a speck ("ngày‡)9"), its year read with three
# figures ("năm:224"); the national motto read with marks for its spaces ("CỘNG HÒA:XÃ:") no agency;
# a figure before a unit's kind a speck; a number without its label before the motto or the date of
# a header read as one block; a month "TT" 11; a signature's scrap read as a word between a smudged
# position and the name; "UBN" the committee's; marks a streak left before the parent agency's line
# dropped;
# 40: a symbol's letters read as their lookalikes ("ỢD", "T1") the type's abbreviation, an Đ read as a
# 2 ("2KKD"); a marked letter left in a symbol less certain;
# 39: a date's "ngày" misread after the place's comma ("mày"), a year's 0 read as an 8 ("2820");
# 38: a date's speck before a day or month of two figures ("ngày.05", "ngay;28") or any mark after a
# figure ("28»tháng");
# 37: a unit's name one letter off the one unit of its kind the list holds so near spelled as listed
# (a speck in "PHƯỜNG NGHĨA CHÁ?ŸNH"), less certain;
# 36: a line opening with a small "về" is no subject (it goes on a "Căn cứ" line above);
# 35: a household business's or marital status certificate known by its form's labels;
# 34: a decision known by its formulas ("QUYẾT ĐỊNH:" above "Điều 1", "Quyết định này có hiệu lực");
# 33: a công văn known by its V/v and Kính gửi lines, its number lost;
# 32: an identity number's label known by its end ("… cước công dân", "… cá nhân");
# 31: a symbol's T or Q read as a 1 or 0 ("2120/1Tr-UBND"); a speck after "năm" or a date's figure;
# 30: no person from a recipients line run into the signer's title ("Vương M CHAjNH VĂN PHÒNG");
# 29: a name two syllables off a name beside it, one read no syllable at all, one person;
# 28: a position's last word run into the seal's scraps ("®WÖTỊCH"); an authority or a body read as
# a position none; the start of a name misread beside the whole name one person;
# 27: "VIV" a công văn's "V/v"; a date's year lost after "năm" not a birth date's; a page's last
# name under a scrap its signer; a name's breve lost with its sắc read as a hỏi ("Thảm");
# 26: a number whose slash was lost before a symbol a letter off its type's abbreviation ("1226 TT:UBND");
# 25: a deputy's title read under a lost authority line: KT.;
# 24: a name's syllable with an i's dot read as a hỏi ("Trỉnh"), a given name read in small letters;
# 23: a name's syllable with its tone on the other vowel ("Tụe"), the number line read onto the agency's;
# 22: people under a garbled or wrapped label, a name misread beside itself one person;
# 21: a date line wrapped before its month ("… ngày 04 tháng" / "01 năm 2022");
# 20: an agency is what the header holds above its number and subject ("PHÒNG KINH TẾ Ở": a subject's
# last word wrapped alone), and before the motto where the layout took both columns for one;
# 19: a number read onto the end of the agency's last line, its label a scrap ("… ĐÔ THỊ Ô 4806/ĐKKD");
# 18: a number's dash read twice ("TIr--UBND"), a number whose label a photocopy took ("õ: 4142/…"), a
# specialised office's name with a letter more or its last word lost ("QUẦẢN LÝ ĐÔ THỊ", "QUẢN LÝ ĐÔ"),
# a signer's surname read in small letters shaped as its capitals ("khúc Kim Tiến"), a position wrapped
# with a word a fax smudged ("CÔNG viH12E` TƯ PHÁP - HỘ" / "TICH"), a name's syllable read with another tone
# or hat ("Tuế", "Tên"), a surname the list lacks repaired as a name's syllable ("Kúc"), a quarter's
# numeral with a speck after it ("quý HII,") and its year's word without its breve ("nam 2024");
# 17: a day's 0 read "(", a symbol's B read as an 8, an identity label's a read twice ("đạanh"),
# TM. before a collective body whose first word is misread ("1 BẠN NHÂN DÂN"), a position read
# whole where a figure stopped its capitals, an agency's unit name cut short completed by the place,
# a number's type part a letter off the title's abbreviation, a marked letter in "UBNÙD", a given
# name's sắc read as a huyền, a space in a subject read as a colon and a hyphen, a unit's kind of
# two words a letter off ("KHÀNH PHÔ"), a name's syllable with a letter lost ("Phươn").
# 16: a number's label read "$6" and its slash a fraction slash, a subject's comma read as a stop,
# a quarter's numeral read "ïï", "V#v", a date's 1 read "!", a symbol's end before a word of the
# date line, the recipients in the closing column, TL./KT. before a collective body (TM.), a name's
# syllable read with a vowel twice, a ngã as a diaeresis or a sắc for a hỏi, a space in a name read
# as a hyphen, a scrap before the head's position a letter off over the deputy's (KT.), "Yê việc", a
# marked letter after a symbol ("ĐKKDỸ"), a middle name's breve lost ("Khác"), no subject on a
# result's own form;
# 15: a signature block's prefix lost between two stacked positions (TL. over a head of office,
# KT. over the head's position read again after a scrap), "'IL" over a smudged head of office, a
# prefix run into a scrap ("qC'KT:"), a position a letter off ("Cu TỊCH", "CHẾ TỊCH") or its end only
# ("%2 TỊCH"), the head's position again under a scrap of KT. ("PC TỊCH"); a fourth
# quarter read "TV", "nắm" between a quarter and its year; a number's symbol with a stroke added
# ("TTIr") or a letter read three times ("ĐĐĐKKD"); a unit's first letter read twice ("LLƯƠNG");
# a subject under a title found in the header's right column across the header;
# 14: a number's slash lost or read as a stop before a known symbol, its type's Đ read as D, a
# result's symbol with a letter added, the People's Committee's part a letter off ("UBNI"); a
# position whose first word the seal took ("f#' TỊCH", "hJ TỊCH"), with or without an authority; a
# date wrapped after its month beside the subject, a date's digit read as a letter ("tháng Ø1"), a
# specialised office's name read a mark off ("QUÁN LÝ ĐÔ THỊ"); an authority read "KT:", "11..",
# smudged into its head's first word over the deputy, "TL." over the head's own deputy (KT.);
# 13: a subject under its title after marks read from the sheet's edge ("“Tình hình …");
# 10: a position smudged past two letters, its last word read whole ("TEUMẺNG PHÒNG");
# 9: a People's Committee misread by a letter or a space, a parent's wrapped word on the
# committee's line, "TL.CHỦ TỊCH", KT. from a scrap over the deputy's position, a type from the
# number's symbol when its title was lost, a quarter's numeral read as other strokes; 8: a subject without the date line read beside it, a position's H read as II; 7: agencies' units
# spelled by the national list of administrative units, a scrap before "Số:", subjects without a
# speck after their last word; 6: the deputy under KT. (and KT. misread), a People's Committee named with its unit, "ngùy"/a year
# beside a later line, subjects after a dangling word or below the header, a name among signature
# scraps, "SỐ:" and a symbol cut in two; 5: subjects through scraps and beside a wrapped date; 4: a
# position smudged by a seal starts a signer block
EXTRACTOR_VERSION = "extract-94"  # 3: headers and closings read across both columns; wrapped date lines

# The export contract's fields, then the others we record.


@dataclass(frozen=True, slots=True)
class ExtractedField:
    value: Any
    confidence: float
    page: int
    box: tuple[int, int, int, int] | None = None

    def at_most(self, certainty: float) -> ExtractedField:
        """The field no surer than ``certainty``."""
        return replace(self, confidence=round(min(self.confidence, certainty), 3))


def _field(value: Any, certainty: float, line: Line) -> ExtractedField:
    return ExtractedField(value, round(certainty * line.confidence, 3), line.page, line.box)


# Title lines (folded) -> type name as printed, sentence case. Longest first.
DOC_TYPES: list[tuple[str, str]] = sorted(((fold(name), name) for name in DOCUMENT_TYPES), key=lambda item: -len(item[0]))
# Signing authority (TM., KT., TL., TUQ., Q.): the prefix, its dot sometimes lost to OCR, then the authority in capitals.
# The prefix, then a space or its dot ("TL.CHỦ TỊCH": the space lost), then the position or body.
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)(?:(\.)\s*[,.]?\s*|\s*[,.:;]?\s+)[A-ZÀ-ỸĐ]")  # "KT:": its dot read as a colon

# The number's label: a scrap of toner or seal may stand before it ("Bế? Số: 2473/ĐKKD"), then "Số"
# as printed, its S read as a dollar sign ("$6: 1013/QĐ-UBND") or with a caron a speck made of its
# tone ("Šö: 3300/UBND-VP": seed 133's photocopied công văn 001), its colon read as a small letter
# glued to the figures (".. Sốx3687/QĐ-U ND": tuning seed 61's photocopied decision 044), its "ố"
# read as a quotation mark ("S” 1348:DKKĐ", tuning seed 135's photocopied certificate 058).
_NUMBER_LABEL = r"^\W*(?:\S{1,3}\s+(?=S[ốôoóồỐÔ]))?[Ss$Šš](?:[^\W_]|[”“’'])(?:[:;.,]|[a-zđ](?=\d))?\s*(?:[:;.]\s*)?"
# The parts of a symbol after its first, each after a dash (read twice: "TIr--UBND"; a speck glued
# before it read as a mark: "T1:-UBND") or, read for it, a stop ("UBND.VP"); a part of one capital
# cut from the rest of it by a gap a speck left ("QĐ-U ND": the committee's, seed 61's 044), one part.
_SYMBOL_PARTS = r"(?:(?:[:;,](?=[-–])|\s*)[-–]{1,2}\s*(?:[A-ZĐ]\s[A-ZĐ]{1,3}(?![\wĐđÐð])|[\wĐđÐð]+)|\.[A-ZĐ]{2,}(?![\wĐđÐð]))*"
# Its slash may be read as a fraction slash (U+2044), as Tesseract's model has one.
# A symbol's first letter may come out marked ("3820/ỢD-UBND": no symbol has one, the type's
# abbreviation mends it, ``_symbol_of_the_type``).
# The figures may be followed by a mark the pen or the form's dotted line left ("Số:542_ /TB-UBND",
# "Số:46` /TB-UBND": samples/real), which is no part of the number.
_PEN_MARK = r"[_`'‘’]"
_NUMBER = re.compile(_NUMBER_LABEL + r"(?P<num>\d{1,5}" + _PEN_MARK + r"?\s*(?:[/⁄]\s*\d{4}\s*)?[/⁄]\s*[A-Za-zĐđÐðÀ-Ỹ][\wĐđÐð]*" + _SYMBOL_PARTS + ")")
# A number's figures standing apart from its slash were written in after the form was printed, by
# hand or typed later ("Số: 44 /CT-UBND"): on samples/real's scans, 4 of the 11 numbers so read were
# wrong (handwriting Tesseract misreads: "44" for 11, "839" for 299); the one typed whole was right.
# Such a number goes to a clerk: its certainty times FILLED_IN.
_FILLED_IN = re.compile(r"\d{1,5}(?:" + _PEN_MARK + r"\s*|\s+)[/⁄]")
FILLED_IN = 0.8
# A number whose slash OCR lost or read as a stop, an apostrophe or a colon ("Số: 1106 BC-UBND",
# "1473.TB-UBND", "2903TTr-UBND", "4107'DKKJ", "1348:DKKĐ"): taken only when what follows the digits is a known
# type or result symbol, as read or a letter off (``_repaired_symbol``, ``_result_symbol_a_letter_off``),
# or the People's Committee's part before a unit's (a công văn's: "Sô: 4891 UBXD-VP", tuning seed
# 67's photocopy 001).
_FIGURES_SLASH_LOST = r"(?P<digits>\d{1,5})\s*[.,'’:]?\s*"
_SLASH_LOST = _FIGURES_SLASH_LOST + r"(?P<symbol>[A-ZĐÐ][A-Za-zĐÐ]{1,5})(?P<rest>" + _SYMBOL_PARTS + ")"
_NUMBER_SLASH_LOST = re.compile(_NUMBER_LABEL + _SLASH_LOST)
# ... and a result's symbol with the slash lost, a letter or two of it read as figures ("Sö: 1599
# XNF1HN" for 1599/XNTTHN: tuning seed 139's photocopy 051): the one result's symbol it is a letter
# or two off (``_result_symbol_a_letter_off``), for a clerk to confirm.
_NUMBER_SLASH_LOST_FIGURES_IN_SYMBOL = re.compile(
    _NUMBER_LABEL + _FIGURES_SLASH_LOST + r"(?P<symbol>[A-ZĐÐ][A-ZĐÐ0-9]{3,6})(?P<rest>)(?![\w/-])"
)
# A symbol's first letter read as a digit ("2816/8C-UBND": a B as an 8; "2120/1Tr-UBND": a T as a 1;
# "0Đ": a Q as a 0), or its first two, a speck's stop after them ("1176/11.KS-BS": TL, tuning seed
# 63's photocopy 023).
_NUMBER_LETTER_AS_DIGIT = re.compile(
    _NUMBER_LABEL + r"(?P<digits>\d{1,5})\s*[/⁄]\s*(?P<symbol>[8102]{1,2}\.?[A-Za-zĐÐ]{1,5})(?P<rest>" + _SYMBOL_PARTS + ")"
)
_LETTERS_AS_DIGITS = {"8": "B", "1": "TL", "0": "Q", "2": "Đ"}  # "3320/2KKD": an Đ as a 2; a T or an L as a 1
# ... and one of its letters after them read as another besides ("11.RS": TLKS): the one symbol it
# can be, for a clerk to confirm.
LETTER_OFF_SYMBOL_CERTAINTY = 0.5
# A symbol with no dash (no type's and agency's parts, as Decree 30 writes them) that is no result's
# we know ("4107/DKKJ" for ĐKKD was stored as sure, 0.95): for a clerk.
UNKNOWN_SYMBOL_CERTAINTY = 0.6
SYMBOL_TYPE_CERTAINTY = 0.7  # a type known from the number's symbol alone ("TTr": Tờ trình)
LONG_SYMBOL_LETTERS = 6  # a result's symbol this long may be read two letters off (``_result_symbol_a_letter_off``)
# A number whose label a photocopy's damage took, a scrap of it or its colon left ("õ: 4142/QD-UBND",
# "ố: 1122/XNTTHN", ": 2922/QĐ-UBND"): at a line's start in the header's left column, taken only
# when its symbol's first part is a known type or result symbol, as read or a letter off.
_NUMBER_LABEL_LOST = re.compile(
    r"^\W{0,3}(?:[^\W\d_]{1,2}\s*)?[:;.,]?\s*(?P<num>\d{1,5}\s*[/⁄]\s*[A-Za-zĐđÐð][\wĐđÐð]*" + _SYMBOL_PARTS + ")"
)
# ... or at the end of the agency's last line, the number's line read onto it, its label a scrap
# ("PHÒNG QUẢN LÝ ĐÔ THỊ Ô 4806/ĐKKD": independent seed 43's photocopy 058).
_NUMBER_AFTER_AGENCY = re.compile(
    r"\s+(?:[^\W\d_]{1,2}[:;.,]?\s+)?(?P<num>\d{1,5}\s*[/⁄]\s*[A-Za-zĐđÐð][\wĐđÐð]*" + _SYMBOL_PARTS + r")\W*$"
)
# The commonest agency part of a number; a letter off it ("UBNI": the D's bowl lost) is it.
PEOPLES_COMMITTEE_SYMBOL = "UBND"
# A speck read as a mark after a figure or after "năm" ("… tháng 3 năm. 2022", "ngày 28»tháng"):
# before a day or a month only where its two figures are read ("ngày.05", "ngay;28"), for the mark
# may stand for a figure lost ("ngày ,5" for 15).
_SPECK = r"[^\w\s]"
_DAY_ON = (rf"(?P<d>\d{{1,2}})\s*{_SPECK}?\s*th[a-z]ng\s*(?:{_SPECK}\s*(?=\d\d))?(?P<m>\d{{1,2}})"
           rf"\s*{_SPECK}?\s*n[a-z]m\s*{_SPECK}?\s*(?P<y>\d{{3,4}})\b")  # fmt: skip
_DATE_FOLDED = re.compile(rf"ng[a-z]y\s*(?:{_SPECK}\s*(?=\d\d))?{_DAY_ON}")
# ... its "ngày" misread after the place's comma ("Cao Lãnh, mày 03 tháng 5 năm 2023": a photocopy's
# "ng" read as an "m", tuning seed 63's 044): a word of five letters at most stands for it.
# Its "ngày" read so with a speck or two glued to the day ("Cao Lãnh, ngà§?26 tháng 8 …", tuning
# seed 109's photocopy 001): where the day's two figures are read, as after "ngày" (``_DATE_FOLDED``).
# Read in two pieces, its "à" lost to a streak ("Mỹ Phú,n y 14 tháng 01 năm 2021", tuning seed 129's
# photocopy 044): a word and a piece of three letters at most. Lost whole, the day run into its
# "tháng" ("SÔNG Công, 26tháng02nam 2022": tuning seed 137's photocopy 030, streaks across it), no
# word: the day still, for a clerk (``DAY_WORD_LOST_CERTAINTY``).
_DATE_WORD_MISREAD = re.compile(rf",\s*(?P<word>(?:[a-z]{{1,5}}(?: [a-z]{{1,3}})?)?)\s*(?:(?:{_SPECK}\s*){{1,2}}(?=\d\d))?{_DAY_ON}")
DAY_WORD_LOST_CERTAINTY = 0.5
_DAY_WORD = re.compile(r"\bng[a-z]y\b")
# A day's two figures read apart, a speck's gap between them ("ngày 1 8:tháng 12 năm 2021", tuning
# seed 109's photocopy 044): one day, less certain (``SPLIT_DAY_CERTAINTY``).
_DAY_SPLIT = re.compile(rf"\b(ng[a-z]y\s*)([0-3]) (\d)(?=\s*{_SPECK}?\s*th[a-z]ng)")
SPLIT_DAY_CERTAINTY = 0.6
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_NAME_WORD = r"[A-ZÀ-ỸĐ][a-zà-ỹđA-ZÀ-ỸĐ]*"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})"
_PERSON_PATTERNS = [
    re.compile(rf"\b(?:Ông|Bà|ông|bà)\s*:?\s+{_NAME}"),
    # "ông (bà) Lê Văn An"; its "bà" a letter off ("ông (pà) Lưu Thế Hiếu", tuning seed 117's folded 046),
    # its bracket read as a brace ("ông {bà) Mạc Ánh Sương", tuning seed 139's photocopy 037).
    re.compile(rf"\b(?:Ông|Bà|ông|bà)\s*[({{\[]\s*[^\W\d_]{{1,3}}\s*\)\s*:?\s+{_NAME}"),
    # "Họ, chữ đệm, tên:" (OCR may garble "chữ" and the case of "tên": "Họ, chịy đệm, tÊn:"; a
    # photocopy its đ, t and colon, and put a speck before the name: "Họ, chữ dệm, lên người cha: ý
    # Giang Thùy Lực", "Họ, chữ dệm, ten, ¿KIÊU TRỌNG YÊN", seed 61's 023; its H: "ọ, chữ đệm, tên:
    # Mạc Diệu Quyết", tuning seed 117's 051; its comma a stop: "Họ. chữ đệm, tên người mẹ:", seed
    # 119's phone 055); "Họ," lost whole at the line's start under a shadow ("chữ đệm, tên người cha:
    # Đoàn Kim Chiến", tuning seed 131's photocopy 023)
    re.compile(rf"(?:(?:[Hh]|(?<!\w))ọ[,.]?\s*|^\W{{0,3}})ch\w{{0,3}}\s*[đd]\wm,?\s*[tTlL][êÊeE][nN](?:\s+người\s+(?:mẹ|cha|yêu cầu|được\s+\w+))?\s*[:,;]\s*['\"‘’“”`¿¡]?\s*(?:[a-zà-ỹđ]\s+)?{_NAME}"),
    # "Họ, chữ đệm, tên người Hà Gia Vỹ" / "mẹ:": the label wrapped after its name, which the layout
    # reads beside the label's first line (seed 61's fax 031).
    re.compile(rf"[Hh]ọ,?\s*ch\w{{0,3}}\s*đệm,?\s*[tT][êÊeE][nN]\s+người\s+{_NAME}\s*$"),
    re.compile(rf"[Cc]hủ hộ kinh doanh\s*:\s*{_NAME}"),
    re.compile(rf"[Hh]ọ và tên\s*:\s*{_NAME}"),
]
# "định đạanh" (independent seed 37): the label's a read twice. A photocopy's streak may take the
# label's start: its end stands for it ("Xoăn cước ông dân số …", "… cá nhân 040083155896").
_ID_LABEL = re.compile(r"(cccd|can cuoc|cmnd|chung minh|dinh da{1,2}nh|so dd\b|ho chieu|\bcuoc \w*\s?dan\b|\bca nhan\b|\bcong dan so\b)")
# Its groups' spaces may come out as a dash or a degree sign a speck made ("068 306-576°881":
# seed 133's photocopied công văn 001); a stop between them is left alone (an amount of money).
_ID_GAP_MARKS = "[-–°·]"
_ID_GAP = rf"(?:\s?{_ID_GAP_MARKS}\s?|\s)?"
_ID_RUN = re.compile(rf"(?<![\dA-Za-z])([\dOol|]{{3}}{_ID_GAP}[\dOol|]{{3}}{_ID_GAP}[\dOol|]{{3}}(?:{_ID_GAP}[\dOol|]{{3}})?)(?![\dA-Za-z])")
# An identity number spaced in groups, wrapped: its first groups end a line, the rest open the next
# ("căn cước công dân số 095" / "177 114 567, về việc …").
_ID_RUN_TAIL = re.compile(r"(?<![\dA-Za-z])([\dOol|]{1,3}(?:\s[\dOol|]{3}){0,2})\W*$")
_ID_RUN_HEAD = re.compile(r"^\W*([\dOol|]{3}(?:\s[\dOol|]{3}){0,3})(?![\dA-Za-z])")
_AGENCY_START = re.compile(
    r"^(uy ban nhan dan|ubnd|so |phong |van phong|bo |cuc |chi cuc|trung tam|ban |toa an|vien |hoi dong|"
    r"cong an|bo phan|thanh tra|kho bac|chi nhanh)"
)
_SUBJECT_STOP = re.compile(
    r"^(can cu|xet|kinh g\w{0,2}\b|chu tich|giam doc|truong phong|quyet dinh|dieu \d|ho[,.]? chu dem|ma so|ma ho so|"
    r"bo phan|thanh phan|noi nhan|tm\.|kt\.)"
)


def extract_metadata(pages: Sequence[PageView | str]) -> dict[str, ExtractedField]:
    """Fields found in a document's pages; missing fields are absent from the result."""
    views = [p if isinstance(p, PageView) else page_from_text(i + 1, p) for i, p in enumerate(pages)]
    found: dict[str, ExtractedField] = {}
    if not views or not any(v.lines for v in views):
        return found
    signed_on = _signing_dates(views[0])
    views[0] = _without_signature_stamps(views[0])
    # The signature's page is the last with text: a blank back scanned after it (a duplex scanner,
    # samples/real's tb-46-2025) holds no signer.
    first, last = views[0], next(view for view in reversed(views) if view.lines)
    header_left = first.region("header_left") if first.has_layout else _left_of_the_motto(first.lines[:10])
    header_right = first.region("header_right") if first.has_layout else first.lines[:8]
    body = first.region("body") if first.has_layout else first.lines
    top_lines = header_left + header_right + body[:6]

    # Without its label, in the header's left column: what its lines hold before the motto or the
    # date where the layout read the header as one block (its right column).
    left_column = header_left or _left_of_the_motto(header_right)
    _number(header_left or top_lines, found) or _number(top_lines, found) or _number_label_lost(left_column, found)
    _date_and_place(header_right or top_lines, found) or _date_and_place(top_lines, found) or _date_of_signing(
        [*header_right, *top_lines], signed_on, found)
    if "place" not in found:
        _place_of_an_unread_date(header_right or top_lines, found)
    # The layout took the header's two columns for one, its lines read across both ("UBND THỊ XÃ CỬA
    # LÒ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"): the agency is what they hold before the motto.
    across = any(motto in fold(line.text) for line in header_left for motto in ("cong hoa", "doc lap"))
    _agency(_left_of_the_motto(header_left) if across else header_left, found)
    if "agency" not in found and first.has_layout:
        # The layout took both columns of the header for one (a narrow gap, a photographed sheet):
        # its left column is what each top line holds before the national motto.
        _agency(_left_of_the_motto([*header_right, *first.region("header_left"), *body[:8]][:12]), found)
    if "agency" in found:
        _complete_committee(found, first.lines[:14])
    for name in ("parent_agency", "agency"):
        if name in found:
            registered = _as_registered(found[name].value)
            near = _unit_a_letter_off(registered, found["place"].value if "place" in found else "")
            found[name] = replace(found[name], value=registered) if near is None else replace(
                found[name], value=near[0], confidence=min(found[name].confidence, near[1]))  # fmt: skip
    _place_as_its_unit_names(found)
    _unit_completed_by_the_place(found)
    _place_as_its_unit_names(found)  # the place as a unit completed by it and spelled as listed
    _parent_completed_by_the_list(found)
    if "parent_agency" in found and _unit_unlisted(found["parent_agency"].value):
        found["parent_agency"] = found["parent_agency"].at_most(UNLISTED_UNIT_CERTAINTY)
    _doc_type(body[:8] if first.has_layout else first.lines[:25], found)
    if "doc_type" not in found and first.has_layout:
        _doc_type_across_the_header(header_left, header_right, found)
    # The layout found no left column worth the name (none, or a smudge): the header is one block.
    merged_header = first.has_layout and not any(
        sum(ch.isalpha() for ch in line.text) >= 3 for line in first.region("header_left"))
    if "doc_type" not in found and merged_header:  # the layout took the title into the header's block
        _doc_type(header_right, found)
    # The title set close below the date line, taken by the layout into the header's right column
    # ("… ngày 23 tháng 4 năm 2022" / "BÁO CÁO"): its subject is the body's first line.
    title_in_header = "doc_type" not in found and first.has_layout and _title_below_the_date(header_right, found)
    # Found there across the header's columns ("THÔNG BÁO" the right column's last line): the same.
    title_in_header = title_in_header or ("doc_type" in found and any(line.box == found["doc_type"].box for line in header_right))
    if "doc_type" not in found and "number" in found and _looks_like_cong_van(found["number"].value, top_lines):
        found["doc_type"] = ExtractedField("Công văn", 0.7, first.number, found["number"].box)
    if "doc_type" not in found and "number" in found and (named := _type_of_symbol(found["number"].value)):
        # Its title read a letter or two off ("THÔNG 3ÁO - ị"): the line the subject stands under.
        title_line = _title_read_off(named, [*header_right, *body[:8]] if first.has_layout else first.lines[:25])
        found["doc_type"] = ExtractedField(named, SYMBOL_TYPE_CERTAINTY, first.number, (title_line or found["number"]).box)
        title_in_header = title_in_header or any(line is title_line for line in header_right)
    if "doc_type" not in found and (vv := _cong_van_without_its_number(top_lines)) is not None:
        found["doc_type"] = ExtractedField("Công văn", 0.6, first.number, vv.box)
    if "doc_type" not in found and (formula := _decisions_formula([line for view in views for line in view.lines])) is not None:
        found["doc_type"] = ExtractedField("Quyết định", 0.6, formula.page, formula.box)
    if "doc_type" not in found and (form := _form_by_its_labels(first.lines)) is not None:
        found["doc_type"] = ExtractedField(form[0], 0.6, form[1].page, form[1].box)
    _symbol_of_the_type(found)
    if "doc_type" in found and "number" in found and _type_of_symbol(found["number"].value) == found["doc_type"].value:
        # A title read unsure ("TỜ TRÌNH" under streaks, at 0.3: tuning seed 137's photocopy 030) naming
        # the type its number's symbol abbreviates is as sure as the symbol alone makes it.
        found["doc_type"] = replace(found["doc_type"], confidence=max(found["doc_type"].confidence, SYMBOL_TYPE_CERTAINTY))
    if "number" not in found:
        _number_of_the_type([*header_left, *top_lines], found)
    if "number" not in found and "doc_type" in found:  # in the header's left column, or above the title
        title = fold(found["doc_type"].value)
        above_title = list(itertools.takewhile(lambda line: not fold(line.text).startswith(title), body[:6]))
        _number_label_lost_of_the_type([*header_left, *above_title], found)
    _subject(header_left, [*header_right, *body] if merged_header or title_in_header else body, found)
    closing = last.region("closing_right") if last.has_layout else []
    if closing and (head := _heads_line_above(last, closing[0])) is not None:
        closing = [head, *closing]
    _signer(closing or last.lines[-8:], found, whole_page=not closing)
    if closing and "signer_title" not in found:
        # The title may have stayed above the closing zone (a signer's block with no recipients
        # beside it): the end of the page has it, and the same name under it.
        above: dict[str, ExtractedField] = {}
        _signer(last.lines[-10:], above, whole_page=True)
        if "signer_title" in above and ("signer" not in found or above.get("signer") == found["signer"]):
            found.update({k: v for k, v in above.items() if k not in found or k != "signer"})
    all_lines = [line for view in views for line in view.lines]
    _people(all_lines, found)
    _identifiers(all_lines, found)
    _committee_of_the_symbol(found)
    if "subject" in found and (_words_no_one_writes(found["subject"].value) or _cut_short(found["subject"].value)
                               or words_a_letter_off(found["subject"].value)):
        found["subject"] = replace(found["subject"], confidence=round(found["subject"].confidence * UNKNOWN_WORD_CERTAINTY, 3))
    if "issued_date" in found and (cited := _latest_date_cited(all_lines)) is not None and (
            date.fromisoformat(found["issued_date"].value) < cited):  # fmt: skip
        found["issued_date"] = found["issued_date"].at_most(DATE_BEFORE_ITS_BASES_CERTAINTY)
    for name in ("signer", "people"):
        if name in found and not _names_of_syllables(found[name].value):
            found[name] = replace(found[name], confidence=round(found[name].confidence * UNKNOWN_WORD_CERTAINTY, 3))
    if "signer" in found and len(found["signer"].value.split()) == SHORT_NAME_WORDS:
        found["signer"] = replace(found["signer"], confidence=round(found["signer"].confidence * UNKNOWN_WORD_CERTAINTY, 3))
    return found


# A signer's name of two words: a name of three or four with its surname lost to a streak or a seal
# ("Kim Thắm" for Vương Kim Thắm, tuning seed 109's photocopy 044, stored as sure) as often as a
# name of two; every signer of samples/real and of the tuning seeds' truth has three or four. For a
# clerk to confirm (its certainty times UNKNOWN_WORD_CERTAINTY).
SHORT_NAME_WORDS = 2


# An agency read as a unit alone ("PHƯỜNG LỘC TIẾN": tuning seed 67's photocopy 001, the header's
# lines above it lost to a streak) where the number's symbol names a People's Committee as its
# issuer ("4891/UBND-VP"): a unit issues nothing, its committee does (Decree 30/2020, Appendix
# III: the symbol's part after the type is the issuing body's). Its name made whole, less certain.
COMMITTEE_OF_THE_SYMBOL_CERTAINTY = 0.8


def _committee_of_the_symbol(found: dict[str, ExtractedField]) -> None:
    agency, number = found.get("agency"), found.get("number")
    if agency is None or number is None or "UBND" not in re.split(r"[/-]", number.value):
        return
    words = fold(agency.value).split()
    if 0 < _unit_at(words, 0) < len(words):  # a unit's kind, then its name
        found["agency"] = replace(agency, value=f"{_COMMITTEE} {agency.value}",
                                  confidence=round(agency.confidence * COMMITTEE_OF_THE_SYMBOL_CERTAINTY, 3))  # fmt: skip


# A subject holding a word that no word, name or place known holds ("'c hiệ án", "quý¿Hlệqnăm",
# "khai sinlr", "nước g‹à": a streak or a smudge through its line) was stored as sure (0.70 to 0.82)
# though wrong: its certainty times UNKNOWN_WORD_CERTAINTY sends it to a clerk. A word with a figure
# (a number, a symbol: "2269/QĐ-TTg"), capitals (an abbreviation: "UBND", "IV") and marks between
# words are no such word. Tuning seeds 63, 61, 67 and samples/real: 6 of the 13 subjects wrong and
# sure so sent, none of the 174 right ones. The same for a signer or a person named with a word that
# is no syllable at all (the names' list is too short to ask more of a name): on seeds 63, 61, 67,
# 43, 59, 91 and samples/real one more wrong value sent, none of 692 right ones.
UNKNOWN_WORD_CERTAINTY = 0.8
_BETWEEN_WORDS = re.compile(r"[.,;:/()\"“”'‘’\-–—]+")


def _names_of_syllables(value: str | list[str]) -> bool:
    """Whether every word of a person's name (or of each name of a list) is a syllable in use
    (``syllables_in_use``: a word's, a name's or a place's): "Châầu Bảo Tuệ" (a folded page's
    people, stored as sure) is no syllable, "Ninh Thuy Sương" (tuning seed 61's phone 062, its
    "Thùy" read without the tone, at 96) none in use; a clerk sees them. Every name of the tuning
    seeds' truth and of samples/real (435) holds syllables in use alone."""
    names = value if isinstance(value, list) else [value]
    return all(_in_use(word.strip(".,;:")) for name in names for word in name.split()) and all(map(_written_one_way, names))


def _written_one_way(name: str) -> bool:
    """Whether a name's words of two letters or more are all in capitals or all with a capital to
    each: "Mạc Thủy VỆ" (tuning seed 59's phone 005, its Vỹ misread, stored as sure) is neither."""
    words = [word.strip(".,;:") for word in name.split() if len(word.strip(".,;:")) >= 2]
    return all(word.isupper() for word in words) or all(word.istitle() for word in words)


def _in_use(word: str) -> bool:
    """Whether ``word`` is a syllable a word, a name or a place holds (``syllables_in_use``)."""
    return normalize(word.lower()) in syllables_in_use()


# A subject ending on a word that needs what follows ("… thủ tục hành chính quý IV", its "năm 2020"
# lost to a photocopy's streak: tuning seed 61's report 008, stored as sure) is cut short: a clerk
# completes it. A quarter stands with its year; ``_DANGLING`` words end no subject.
_QUARTER_AT_THE_END = re.compile(r"\bqu[yý]\s+(?:I|II|III|IV)\W*$", re.IGNORECASE)


def _cut_short(subject: str) -> bool:
    words = subject.split()
    return bool(words) and (fold(words[-1]).strip(".,;:") in _DANGLING or bool(_QUARTER_AT_THE_END.search(subject)))


def _words_no_one_writes(text: str) -> list[str]:
    """The subject's words (see above) that stand in no word, name or place known."""
    unknown = []
    for token in text.split():
        if token == "V/v" or any(ch.isdigit() for ch in token):
            continue
        for part in filter(None, _BETWEEN_WORDS.split(token)):
            if not (part.isalpha() and part.isupper() and len(part) >= 2) and not _in_use(part):
                unknown.append(part)
    return unknown


# The visible block of an organisation's digital signature (Decree 30/2020, Appendix I), which a
# published or copied result bears at the top of its first page over the header: "Ký bởi: Ủy ban
# nhân dân tỉnh Quảng Ngãi", "Cơ quan: …", "Thời gian ký: 26/11/2024 10:40:48 +07:00", and a
# gazette's stamp ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", its address, the time it signed). A line
# bearing its marks (``_STAMP_MARK``) is the block's, and so is a line naming the gazette within
# STAMP_REACH lines of one; read as part of the header, the block gave published scans the
# gazette for their agency, or a signing time for their date (samples/real).
_STAMP_MARK = re.compile(
    r"(^|\s)(ky ?boi|thoi gian ky|co quan:)|@\S*\.(vn|com)\b|[+]\s*0?7[:.]00|\b\d{1,2}:\d{2}[:.]\d{2}\b|\bgov\.vn\b")
_STAMP_NAME = re.compile(r"cong bao|tin hoc|trung tam cong\b")
STAMP_REACH = 3


def _without_signature_stamps(view: PageView) -> PageView:
    """The page without the lines of a digital signature's visible block (see above)."""
    folded = [fold(line.text) for line in view.lines]
    marked = [i for i, text in enumerate(folded) if _STAMP_MARK.search(text)]
    if not marked:
        return view
    stamp = set(marked) | {i for i, text in enumerate(folded)
                           if _STAMP_NAME.search(text) and any(abs(i - m) <= STAMP_REACH for m in marked)}  # fmt: skip
    kept = [i for i in range(len(view.lines)) if i not in stamp]
    return PageView(view.number, [view.lines[i] for i in kept], [view.region_of_line[i] for i in kept])


def _number(lines: Sequence[Line], found: dict[str, ExtractedField]) -> bool:
    for line in lines:
        match = _NUMBER.search(line.text)
        if match:
            raw = _as_symbol(match.group("num"))
            number, certainty = _split_result_symbol(raw.rstrip(".-"), line.text[match.end() :])
            if certainty is None:
                number, certainty = _repair_type_abbreviation(number)
            filled_in = _FILLED_IN.match(match.group("num")) is not None
            found["number"] = _field(number, certainty * (FILLED_IN if filled_in else 1.0), line)
            if filled_in:  # as sure as the word its figures were written in, at most (see ONE_FIGURE_DAY)
                figures = re.match(r"\d+", match.group("num"))
                read = line.weakest_word_in(match.start("num"), match.start("num") + (figures.end() if figures else 0))
                found["number"] = found["number"].at_most(read)
            return True
    # No number with its slash: one whose slash was lost before a known symbol, or whose symbol's
    # first letter was read as a digit.
    for line in lines:
        lost = _NUMBER_SLASH_LOST.search(line.text)
        symbol = lost.group("symbol") if lost else ""
        if lost and (symbol in KNOWN_SYMBOLS or _repaired_symbol(symbol)):
            found["number"] = _field(_put_back(lost, symbol), 0.7, line)  # a slash put back: for a clerk to confirm
            return True
        if lost and not lost.group("rest") and (close := _result_symbol_a_letter_off(symbol)):
            found["number"] = _field(_put_back(lost, close), LETTER_OFF_SYMBOL_CERTAINTY, line)  # "4107'DKKJ"
            return True
        if lost and lost.group("rest") and (symbol == PEOPLES_COMMITTEE_SYMBOL or _committees_part(symbol)):
            # A công văn's symbol names no type: the committee's part, then its unit's ("UBND-VP").
            found["number"] = _field(_put_back(lost, PEOPLES_COMMITTEE_SYMBOL), 0.7, line)
            return True
        figures_in = _NUMBER_SLASH_LOST_FIGURES_IN_SYMBOL.search(line.text)
        if figures_in and (close := _result_symbol_a_letter_off(figures_in.group("symbol"))):
            found["number"] = _field(_put_back(figures_in, close), LETTER_OFF_SYMBOL_CERTAINTY, line)  # "1599 XNF1HN"
            return True
        digit = _NUMBER_LETTER_AS_DIGIT.search(line.text)
        symbols = _digits_as_letters(digit.group("symbol")) if digit else set()
        if digit and len(symbols) == 1:
            found["number"] = _field(_put_back(digit, symbols.pop()), 0.7, line)  # a letter put back: the same
            return True
        symbols = _digits_as_letters(digit.group("symbol"), a_letter_off=True) if digit and not symbols else set()
        if digit and len(symbols) == 1:
            found["number"] = _field(_put_back(digit, symbols.pop()), LETTER_OFF_SYMBOL_CERTAINTY, line)
            return True
        if digit and digit.group("rest") and _committees_part(digit.group("symbol")):
            # A công văn's "3359/0BND-VP": the committee's U read as a 0 (tuning seed 117's photocopy 001).
            found["number"] = _field(_put_back(digit, PEOPLES_COMMITTEE_SYMBOL), LETTER_OFF_SYMBOL_CERTAINTY, line)
            return True
    return False


def _digits_as_letters(read: str, a_letter_off: bool = False) -> set[str]:
    """The known type or result symbols (``TYPE_ABBREVIATIONS``, ``RESULT_SYMBOLS``) a symbol read
    with digits for its first letters stands for, each digit taken for a letter it is read for
    (``_LETTERS_AS_DIGITS``), a stop after them dropped; ``a_letter_off``: those its two letters or
    more after the digits make with one of them read as another ("1176/11.RS-BS": TLKS, its K read
    as an R, tuning seed 63's photocopy 023)."""
    head = re.match(r"\d+", read)
    assert head is not None  # the symbol opens with a digit (``_NUMBER_LETTER_AS_DIGIT``)
    tail = read[head.end() :].lstrip(".")
    readings = {"".join(letters) + tail for letters in itertools.product(*(_LETTERS_AS_DIGITS[d] for d in head.group()))}
    if not a_letter_off:
        return {symbol for symbol in readings if symbol in KNOWN_SYMBOLS}
    if len(tail) < 2:  # its one letter another: no sign of which symbol it was
        return set()
    return {
        symbol for symbol in KNOWN_SYMBOLS for reading in readings if len(symbol) == len(reading)
        and sum(a != b for a, b in zip(symbol, reading, strict=True)) == 1 and symbol[: -len(tail)] == reading[: -len(tail)]
    }  # fmt: skip


def _number_label_lost(header_left: Sequence[Line], found: dict[str, ExtractedField]) -> bool:
    """A number without its label (``_NUMBER_LABEL_LOST``) in the header's left column, for a clerk
    to confirm (certainty 0.7): not in the body, where a decision cited may open a wrapped line. Its
    slash lost too (``_NUMBER_ALONE_SLASH_LOST``), less certain."""
    for line in header_left:
        match = _NUMBER_LABEL_LOST.search(line.text)
        number = _known_number(match.group("num")) if match else _number_after_agency(line.text)[1]
        if number:
            found["number"] = _field(number, 0.7, line)
            return True
    for line in header_left:
        alone = _NUMBER_ALONE_SLASH_LOST.search(line.text)
        symbol = alone.group("symbol") if alone else ""
        known = symbol if symbol in KNOWN_SYMBOLS else _repaired_symbol(symbol) or _result_symbol_a_letter_off(symbol)
        if alone and known:
            found["number"] = _field(_put_back(alone, known), LETTER_OFF_SYMBOL_CERTAINTY, line)
            return True
    return False


# A number whose label and slash a photocopy both took, alone on its line but for a scrap ("2553
# TIKS-BS à" for "Số: 2553/TLKS-BS": fresh seed 125's photocopy 023): in the header's left column,
# taken where what follows the figures is a known type or result symbol, as read, repaired or a
# letter off; for a clerk (LETTER_OFF_SYMBOL_CERTAINTY).
_NUMBER_ALONE_SLASH_LOST = re.compile(r"^\W{0,3}" + _SLASH_LOST + r"(?:\s+\S{1,2})?\W*$")


def _known_number(read: str) -> str | None:
    """A number as read (no label), when its symbol's first part is a known type or result symbol."""
    number, _ = _repair_type_abbreviation(_as_symbol(read).rstrip(".-"))
    kind = number.rpartition("/")[2].split("-")[0]
    return number if kind in KNOWN_SYMBOLS else None


def _number_after_agency(text: str) -> tuple[str, str | None]:
    """A header line without the number read at its end (``_NUMBER_AFTER_AGENCY``), and that number."""
    match = _NUMBER_AFTER_AGENCY.search(text)
    number = _known_number(match.group("num")) if match else None
    return (text[: match.start()], number) if match and number else (text, None)


def _put_back(match: re.Match[str], symbol: str) -> str:
    """The number a match of ``_NUMBER_SLASH_LOST`` or ``_NUMBER_LETTER_AS_DIGIT`` stands for, with
    ``symbol`` as its type's part."""
    number, _ = _repair_type_abbreviation(_as_symbol(f"{match.group('digits')}/{symbol}{match.group('rest')}").rstrip(".-"))
    return number


def _as_symbol(read: str) -> str:
    """A number as read, spaces and a speck before a dash out, dashes and Đ as Decree 30 writes them;
    a stop read between two parts of the symbol ("UBND.VP") is their dash. A symbol's parts have no
    marked small letter: a word read after a dash ("2407/TLKS-BS-Cửa", the place of the date line
    beside it) is not one."""
    raw = re.sub(r"\s+|[:;,](?=[-–])|(?<=\d)" + _PEN_MARK + r"(?=\s*[/⁄])", "", read).replace("–", "-").replace("Ð", "Đ").replace("ð", "đ").replace("⁄", "/").replace("--", "-")
    head, *parts = re.sub(r"(?<=[A-ZĐa-z])\.(?=[A-ZĐ])", "-", raw).split("-")
    cut = next((i for i, part in enumerate(parts) if any(ch.islower() and _marked(ch) for ch in part)), len(parts))
    return "-".join([head, *parts[:cut]])


def _split_result_symbol(number: str, after: str) -> tuple[str, float | None]:
    """A result's symbol OCR cut in two and misread a letter of ("3678/K NTTHN" for 3678/XNTTHN):
    the symbol and the capitals after it, within a letter of one known symbol, are that symbol
    (less certain). Otherwise the number as read and None."""
    head, _, symbol = number.rpartition("/")
    following = after.split()[:1]
    if "-" in symbol or symbol in RESULT_SYMBOLS or not following or not re.fullmatch(r"[A-ZĐ]{1,6}", following[0]):
        return number, None
    joined = symbol + following[0]
    close = [known for known in RESULT_SYMBOLS if _letters_apart(joined, known) <= 1]
    return (f"{head}/{close[0]}", 0.7) if len(close) == 1 else (number, None)


def _repair_type_abbreviation(number: str) -> tuple[str, float]:
    """'3032/QĐĐ-STP' -> '3032/QĐ-STP', '2185/QD-UBNI' -> '2185/QĐ-UBND': a known type's
    abbreviation or result's symbol read a letter off (``_repaired_symbol``), and the People's
    Committee's part read a letter off, are repaired (certainty 0.8), a công văn's first part too
    ('918/gBÑD-VP', seed 119's photocopy 001); a known symbol as read is 0.95, any other (a công
    văn's, which names no type) 0.9."""
    head, _, symbol = number.rpartition("/")
    kind, *parts = symbol.split("-")
    known = kind in TYPE_ABBREVIATIONS or (not parts and kind in RESULT_SYMBOLS)
    committees = bool(parts) and _committees_part(kind)
    repaired = [kind if known else (_repaired_symbol(kind) or (PEOPLES_COMMITTEE_SYMBOL if committees else kind))]
    repaired += [PEOPLES_COMMITTEE_SYMBOL if _committees_part(part) else part for part in parts]
    if repaired != [kind, *parts]:
        return f"{head}/{'-'.join(repaired)}", 0.8
    if not parts and not known:  # no type's, no agency's part: a result's symbol misread, or no symbol we know
        close = _result_symbol_a_letter_off(kind)
        return (f"{head}/{close}", LETTER_OFF_SYMBOL_CERTAINTY) if close else (number, UNKNOWN_SYMBOL_CERTAINTY)
    return number, 0.95 if known else 0.9


def _result_symbol_a_letter_off(read: str) -> str | None:
    """The one result's symbol (``RESULT_SYMBOLS``) ``read`` is a letter off, an Đ read as a D no
    letter off ("DKKJ": ĐKKD, tuning seed 117's photocopy 058; "DKKĐ", its bars changed places,
    tuning seed 135's 058), or two letters off where it has
    ``LONG_SYMBOL_LETTERS`` or more ("XNLLHN": XNTTHN, fresh seed 125's photocopy 051); None when
    none is, or several are."""
    def apart(known: str) -> int:
        return sum(a != b and {a, b} != {"D", "Đ"} for a, b in zip(read, known, strict=True))

    def close_enough(known: str) -> bool:
        return len(known) == len(read) and (apart(known) <= 1 or (len(known) >= LONG_SYMBOL_LETTERS and apart(known) == 2))

    close = [known for known in RESULT_SYMBOLS if close_enough(known)]
    return close[0] if len(close) == 1 else None


def _marked(letter: str) -> bool:
    """A letter with a vowel's mark (Đ aside): no number's symbol has one (Decree 30/2020, Appendix III)."""
    return not letter.isascii() and letter not in "Đđ"


def _committees_part(part: str) -> bool:
    """A symbol's part that is the People's Committee's read a letter off ("UBNI"; "gBÑD", its marks
    and case aside), a letter short ("UBN": its D lost where a fold bent the line), or with a marked
    letter, which no symbol has, read into it ("UBNÙD"), or its D read as two, its stem and its bowl
    ("UBNIZ": tuning seed 135's photocopied notice 037)."""
    unmarked = "".join(ch for ch in part if not _marked(ch))
    halves = len(part) == len(PEOPLES_COMMITTEE_SYMBOL) + 1 and part.startswith("UBN") and part[3] in "Il1|"
    short = len(part) == len(PEOPLES_COMMITTEE_SYMBOL) - 1 and Levenshtein.distance(part, PEOPLES_COMMITTEE_SYMBOL) == 1
    bare = "".join(ch for ch in unicodedata.normalize("NFD", part) if not unicodedata.combining(ch)).upper()  # an Đ stays
    apart = _letters_apart(bare, PEOPLES_COMMITTEE_SYMBOL)
    return part != PEOPLES_COMMITTEE_SYMBOL and (apart <= 1 or short or halves or unmarked == PEOPLES_COMMITTEE_SYMBOL)


def _repaired_symbol(read: str) -> str | None:
    """The one type's abbreviation or result's symbol (``TYPE_ABBREVIATIONS``, ``RESULT_SYMBOLS``)
    that OCR read with a letter doubled ("QĐĐ", "ĐĐKKD") or tripled ("ĐĐĐKKD"), an upright stroke
    added ("TTIr"), a marked letter added ("ĐKKDỸ") or, six letters or more, any letter
    ("XNTTHÀN"), a T as I or l ("TIr", "ILKS"), an Đ as D ("QD", "DKKD") or a letter lost, three
    left at least ("KKD"); None when none is, or several are."""
    candidates = {read.replace("I", "T").replace("l", "T")}
    candidates |= {read[:i] + "Đ" + read[i + 1 :] for i, letter in enumerate(read) if letter == "D"}
    # A letter read twice; any one letter more only in a long symbol (in "ABC" the "BC" is no sign).
    candidates |= {read[:i] + read[i + 1 :] for i in range(len(read)) if len(read) >= 6 or (i and read[i] == read[i - 1])}
    # An upright stroke read in excess ("TTIr"), a letter read three times or more ("ĐĐĐKKD").
    candidates |= {read[:i] + read[i + 1 :] for i, letter in enumerate(read) if letter in "Il|1"}
    candidates.add(re.sub(r"(.)\1{2,}", r"\1", read))
    # A letter with a vowel's mark, which no symbol has ("ĐKKDỸ": a speck read after it).
    candidates |= {read[:i] + read[i + 1 :] for i, letter in enumerate(read) if _marked(letter)}
    # A letter lost, three letters or more left ("KKD": a phone photo's Đ of ĐKKD lost to its dark corner).
    candidates |= {known for known in KNOWN_SYMBOLS if len(read) >= 3 and len(known) == len(read) + 1
                   and any(known[:i] + known[i + 1 :] == read for i in range(len(known)))}  # fmt: skip
    found = {c for c in candidates if c != read and c in KNOWN_SYMBOLS}
    return found.pop() if len(found) == 1 else None


def _valid_date(day: int, month: int, year: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    today = date.today()
    return value if year >= 1945 and value <= today.replace(year=today.year + 1) else None


# A date's day is written with two figures (Decree 30/2020, Appendix I: "ngày 05"). One figure read
# is a figure lost, or the day written in by hand and read wrong: on the scans a province published
# (samples/real), "ngày 4" for a handwritten 24, 31 and 11, "ngày 2" for 08. The date is kept, its
# certainty times ONE_FIGURE_DAY: under the review threshold, a clerk confirms it.
ONE_FIGURE_DAY = 0.6
# A date is as sure as the word its day was read in, at most, and a number written into its blank
# as the word of its figures: a day or a number written in by hand and read again as figures
# (``ocr.recognize.with_filled_in_figures_read``, as sure as FILLED_IN_SURE, 0.6, at most) goes to
# a clerk; samples/real's "ngày 24" (tb-46), read so, had been stored as sure (0.79). Tuning seeds
# 63, 61, 67, 43, 59: right dates sent to a clerk 10 -> 11, a wrong one stored as sure no more.
# Its year's word too: a year no paper bears ("năm 2032" on a photocopy) is read again by the
# English model, and a wrong year so read was stored as sure (seed 11's dates wrong but sure 3 -> 4
# with ocr-111); read again so, it is as sure as ``ocr.recognize.YEAR_GUESS_SURE`` at most. Not its
# month's: phone photos and prints read a right month at 0.45-0.66 (tuning seed 43's 012, 019, 029,
# 058: four right dates more sent to a clerk so).


# What stands before a date that a line cites (a law's, a decision's, a birth's, a registration's),
# folded: no header's date line.
_CITATION = re.compile(r"can cu|luat|nghi dinh|thong tu|so \d|sinh|dang ky")


def _date_and_place(lines: Sequence[Line], found: dict[str, ExtractedField]) -> bool:
    """The header date line ``<place>, ngày 05 tháng 01 năm 2023``; cited dates of laws are not it.
    A date line wrapped before its year ("… tháng 10 năm" / "2023"), before its "năm" or "tháng"
    ("… ngày 08 tháng 11" / "năm 2021"), or before its month ("… ngày 04 tháng" / "01 năm 2022"),
    is read with the next line. Less certain: a date whose "ngày" was misread, after the place's
    comma (``_DATE_WORD_MISREAD``), or whose year's 0 was read as an 8."""
    joined: list[Line] = []
    for i, line in enumerate(lines):
        following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if re.search(r"\bng[a-z]y\s*\d{1,2}(\s*th[a-z]ng\s*\d{1,2})?\s*$", fold(line.text)) and re.match(
                r"(th[a-z]ng\s*\d{1,2}\s*)?n[a-z]m\s*(19|20)\d\d\b", fold(following)):  # fmt: skip
            # Wrapped before its "tháng" or "năm" ("…, ngày 08 tháng 11" / "năm 2021").
            line = Line(f"{line.text.rstrip()} {following}", line.page, line.box, line.confidence)
        elif re.search(r"\bng[a-z]y\s*\d{1,2}\s*th[a-z]ng\s*$", fold(line.text)) and re.match(
                r"\d{1,2}\s*n[a-z]m\s*(19|20)\d\d\b", fold(following)):  # fmt: skip
            # Wrapped before its month ("…, ngày 04 tháng" / "01 năm 2022").
            line = Line(f"{line.text.rstrip()} {following}", line.page, line.box, line.confidence)
        elif re.search(r"\bng[a-z]y\s*\d{1,2}\s*th[a-z]ng\s*\d{1,2}\s*$", fold(line.text)):
            # Wrapped before its "năm", the rest level with a later line of the other column
            # ("…, ngày 28 tháng 02" beside "V/v …, cải" / "năm 2023").
            beside = (re.search(r"\bn[a-z]m\s*((?:19|20)\d\d)\s*$", fold(other.text)) for other in lines[i + 1 : i + 4])
            year = next((m.group(1) for m in beside if m), None)
            if year is not None:
                line = Line(f"{line.text.rstrip()} năm {year}", line.page, line.box, line.confidence * 0.8)
        elif re.search(r"\bn[a-z]m\s*$", fold(line.text)):
            if re.fullmatch(r"(19|20)\d\d\b.*", following):
                line = Line(f"{line.text.rstrip()} {following}", line.page, line.box, line.confidence)
            else:  # the year beside a later line of the other column ("V/v cấp giấy phép …, cải tạo 2023")
                # A date's own year is none ("Ngày, tháng, năm sinh: 13/12/2001" made 2001-09-28).
                beside = (re.search(r"(?<!n[aăâ]m )(?<![/.\-])\b((?:19|20)\d\d)\s*$", other.text.strip()) for other in lines[i + 1 : i + 4])
                year = next((m.group(1) for m in beside if m), None)
                if year is not None:
                    line = Line(f"{line.text.rstrip()} {year}", line.page, line.box, line.confidence * 0.8)
        joined.append(line)
    for line in joined:
        read = _date_digits(fold(line.text))
        folded = _DAY_SPLIT.sub(r"\1\2\3", read)
        match = _DATE_FOLDED.search(folded)
        misread = match is None
        if misread:
            match = _DATE_WORD_MISREAD.search(folded)
        if not match:
            continue
        before = folded[: match.start()] + ("," if misread else "")
        if misread and not match.group("word") and _DAY_WORD.search(before):
            continue  # a comma after "ngày" ("ngày ,5": a figure lost), not its place's
        if _CITATION.search(before + (match.group("word") if misread else "")):
            continue
        day, month, year = (int(match.group(part)) for part in "dmy")
        if year < 1000:  # "năm:224": a figure lost (seed 67's 008), the one year it can have been
            issued, certainty = _year_a_figure_lost(day, month, match.group("y")), 0.6
        else:
            issued, certainty = _valid_date(day, month, year), 1.0
            if issued is None and match.group("y")[1] == "8":  # "năm 2820": its 0 read as an 8 (seed 67's 037)
                issued, certainty = _valid_date(day, month, year - 800), 0.7
        if issued is None:
            continue
        place = _place_only(line.text[: match.start()])
        certainty *= (0.7 if match.group("word") else DAY_WORD_LOST_CERTAINTY) if misread else 0.95 if before.rstrip().endswith(",") else 0.75
        if len(match.group("d")) == 1:
            certainty *= ONE_FIGURE_DAY  # for a clerk to confirm (see ONE_FIGURE_DAY)
        if folded != read:
            certainty *= SPLIT_DAY_CERTAINTY
        found["issued_date"] = _field(issued.isoformat(), certainty, line)
        figures_read = (min(line.weakest_word_in(match.start(part), match.end(part)) for part in ("d", "y"))
                        if len(folded) == len(line.text) else line.confidence)  # fmt: skip
        found["issued_date"] = found["issued_date"].at_most(figures_read)
        if place and before.rstrip().endswith(","):
            found["place"] = _field(place, 0.9, line)
        elif place and before.rstrip().endswith(".") and all(_place_word(w) and is_syllable(w) for w in place.split()):
            # The place's comma read as a stop ("Bảo Lộc. ngày 20 tháng 11 …", phone photos of tuning
            # seeds 63, 109 and 59): the place still when its words are a place's syllables ("VIÿ
            # Phú." is none: seed 59's photocopy 001), less certain.
            found["place"] = _field(place, PLACE_STOP_CERTAINTY, line)
        return True
    return False


PLACE_STOP_CERTAINTY = 0.8
# A date line whose date reads as none ("Lương SƠN, ngày ,5 tháng 9 năm 2025": its day a speck and a
# figure lost, tuning seed 61's photocopy 023) still names its place before its comma: one to four
# words, each a syllable, for a clerk to confirm. The place names the agency's unit where its name
# was misread (``_unit_a_letter_off``).
_DATE_WORDS_AFTER_A_COMMA = re.compile(r",\s*ng[a-z]y\b.{0,12}?\bth[a-z]ng\b.{0,8}?\bn[a-z]m\b")
UNREAD_DATE_PLACE_CERTAINTY = 0.6


def _place_of_an_unread_date(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """The place of a date line whose date was not read (see above)."""
    for line in lines:
        folded = fold(line.text)
        match = _DATE_WORDS_AFTER_A_COMMA.search(folded)
        if match is None or _CITATION.search(folded[: match.start()]) or len(folded) != len(line.text):
            continue
        place = _place_only(line.text[: match.start()])
        words = place.split()
        if 1 <= len(words) <= 4 and all(word[:1].isupper() and is_syllable(word) for word in words):
            found["place"] = _field(place, UNREAD_DATE_PLACE_CERTAINTY, line)
            return


# The signer's digital signature (Decree 30/2020, Appendix I) bears the time it was signed, written
# with slashes ("Thời gian ký: 07/02/2025 14:59:55"). Where the date line's day, written in by hand,
# reads as no day ("ngày 0† tháng 02 năm 2025", "ngày tháng 12 năm 2024"), the date is the day
# signed when the line's month and year are the time's and the figures read of the day stand in it
# ("0" of "0†" in 07), for a clerk to confirm (SIGNING_DAY_CERTAINTY): a signer signs on the day
# written or days after it (samples/real, where both are read: 5 of 10 the same day, the others 1
# to 4 days later), so it is never stored as sure. The organisation's stamp, its time written with
# dots ("05.02.2025 08:09:28 +07:00"), marks when the document was sent out (samples/real: 12 of 17
# a day or more after the date written): not used. samples/real: ttr-24, ttr-239, cv-299, cv-574 and
# ct-16 dated so, rightly.
_SIGNING_TIME = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\s+\d{1,2}:\d{2}:\d{2}\b")
_DAY_UNREAD = re.compile(r"\bng[a-z]y(?P<d>[^\n]{0,6}?)th[a-z]ng\s*(?P<m>\d{1,2})\s*n[a-z]m\s*(?P<y>(?:19|20)\d\d)\b")
SIGNING_DAY_CERTAINTY = 0.5


def _signing_dates(view: PageView) -> set[date]:
    """The days a page's signature blocks say it was signed (see ``_SIGNING_TIME``)."""
    days = (_valid_date(int(d), int(m), int(y)) for line in view.lines for d, m, y in _SIGNING_TIME.findall(line.text))
    return {day for day in days if day is not None}


def _date_of_signing(lines: Sequence[Line], signed_on: set[date], found: dict[str, ExtractedField]) -> bool:
    """The date line whose day reads as no figure dated the day its signer signed (see above)."""
    for line in lines:
        folded = fold(line.text)
        match = _DAY_UNREAD.search(folded)
        if match is None or len(folded) != len(line.text) or _CITATION.search(folded[: match.start()]):
            continue
        month, year = int(match.group("m")), int(match.group("y"))
        read = re.sub(r"\D", "", match.group("d"))  # what figures of the day were read: the day holds them, in order
        days = {day for day in signed_on if (day.month, day.year) == (month, year) and _holds_in_order(f"{day.day:02d}", read)}
        if len(days) != 1:
            return False
        found["issued_date"] = _field(days.pop().isoformat(), SIGNING_DAY_CERTAINTY, line)
        before = line.text[: match.start()]
        if (place := _place_only(before)) and before.rstrip().endswith(","):
            found["place"] = _field(place, 0.9, line)
        return True
    return False


# A result's date is never before a date its bases cite: the laws, decrees and papers its "Căn cứ …"
# and "Xét …" lines name were issued before it ("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024",
# "Nghị định số 61/2018/NĐ-CP", "Tờ trình số 12/TTr-UBND ngày 05/3/2021"). A date read before the
# latest of them was misread (samples/real's qd-157-1999: "năm 1990" for 1999, stored as sure at
# 0.84, its bases citing 1993, 1994, 1998 and 1999): for a clerk to confirm. What its articles say
# (a date it takes effect, a deadline) may be later and is not read; neither is a base's date later
# than this year (a year's figure misread).
_BASE_OPENING = re.compile(r"\s*(?:[-–+•*]\s*)?(?:can cu|xet)\b")
_CITED_DATES = re.compile(r"\bngay\s*(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>(?:19|20)\d\d)\b"
                          r"|(?<![\d/])(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>(?:19|20)\d\d)\b"
                          r"|\bnam\s*(?P<y3>(?:19|20)\d\d)\b|(?<=\d)/(?P<y4>(?:19|20)\d\d)/")  # fmt: skip
_BASES_END = re.compile(r"\s*(?:QUYẾT ĐỊNH|[ĐD]iều\s*\d)")  # the formula, an article
BASE_LINES = 4
DATE_BEFORE_ITS_BASES_CERTAINTY = 0.5


def _latest_date_cited(lines: Sequence[Line]) -> date | None:
    """The latest date the bases of a result cite (see above), None where they cite none."""
    cited: list[date] = []
    for i, line in enumerate(lines):
        if not _BASE_OPENING.match(fold(line.text)):
            continue
        base = [line.text]  # a base wraps until its ";" or "."
        for following in lines[i + 1 : i + BASE_LINES]:
            if base[-1].rstrip().endswith((";", ".")) or _BASE_OPENING.match(fold(following.text)) or _BASES_END.match(
                    following.text):  # fmt: skip
                break
            base.append(following.text)
        for match in _CITED_DATES.finditer(fold(" ".join(base))):
            day, month, year = (match.group("d") or match.group("d2") or "1", match.group("m") or match.group("m2") or "1",
                                match.group("y") or match.group("y2") or match.group("y3") or match.group("y4"))  # fmt: skip
            if (found := _valid_date(int(day), int(month), int(year))) is not None and found.year <= date.today().year:
                cited.append(found)
    return max(cited, default=None)


def _holds_in_order(figures: str, read: str) -> bool:
    """Whether ``read``'s figures stand in ``figures`` in the same order ("0" in "07", "5" in "15")."""
    at = iter(figures)
    return all(figure in at for figure in read)


def _year_a_figure_lost(day: int, month: int, read: str) -> date | None:
    """The date whose year, read with three figures, is the one year a figure put back anywhere makes
    that a document may bear ("224": 2024); None when there are none or several ("202")."""
    years = {int(read[:at] + figure + read[at:]) for at in range(len(read) + 1) for figure in "0123456789"}
    dates = {found for year in years if (found := _valid_date(day, month, year)) is not None}
    return dates.pop() if len(dates) == 1 else None


# Letters OCR reads for a date's digits ("tháng Ø1", "ngày O5", "năm 202l", "tháng !1", "ngày (3"
# and "ngày )9": a 0's left or right half), by the digit they are.
_DIGIT_LOOKALIKES = str.maketrans("øoqdli|!()", "0000111100")


def _date_digits(folded: str) -> str:
    """A folded date line with the letters read for digits after "ngày" (a speck between them too),
    "tháng" and "năm" read as those digits, where the figure holds a digit already ("ø1", "202l";
    "ngày lễ" stays)."""

    def digits(match: re.Match[str]) -> str:
        figure = match.group(2)
        return match.group(1) + (figure.translate(_DIGIT_LOOKALIKES) if any(ch.isdigit() for ch in figure) else figure)

    folded = re.sub(r"\b(ng[a-z]y\s*(?:[^\w\s()|!]\s*)?|th[a-z]ng\s*|n[a-z]m\s*)([\døoqdli|!()]{1,4})\b", digits, folded)
    # A month of two strokes like a 1 and nothing else before "năm" ("tháng TT năm"): 11.
    return re.sub(r"\b(th[a-z]ng\s*)[tli|!1]{2}(?=\s*[^\w\s]?\s*n[a-z]m\b)", r"\g<1>11", folded)


def _place_only(text: str) -> str:
    """The place before ", ngày …", without what a merged column or a smudge put before it: the
    number ("Số: 3115/UBND-VP Lộc Tiến"), the agency in capitals ("PHƯỜNG LƯƠNG SƠN Lương Sơn"),
    rules and lower-case scraps ("————— Quảng Ngãi", "are Phong Thạnh Đông")."""
    text = re.sub(r"^\s*S[ốốo]\s*[:.;]?\s*\S*/\S*\s*", "", text.rstrip(" ,.").strip())
    words = text.split()
    # A place is words in title case: the place starts at the last run of them.
    start = len(words)
    while start > 0 and _place_word(words[start - 1]):
        start -= 1
    return " ".join(words[start:]) if start < len(words) else text


def _place_word(word: str) -> bool:
    """A word of a place name: title case ("Thạnh"), or an abbreviation ("TP.", "Tp."); never a
    word in capitals (the agency's)."""
    return word[:1].isupper() and (word.endswith(".") or len(word) == 1 or not word.isupper())


_LABEL_AND_FIGURES = re.compile(r"so\W*\d")  # folded


def _agency(header_left: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """Parent agency (first line) over the issuing agency (the caps lines under it)."""
    header_left = [replace(line, text=_number_after_agency(line.text)[0]) for line in header_left]
    # The names stand above the number and the subject: nothing under them is of the agency (a
    # subject's last word wrapped alone and read in capitals, "Ở": "PHÒNG KINH TẾ Ở"); nor is a
    # number's line without its colon, its symbol misread ("Số 4329/1B-UĐBND": the agency was "SỐ",
    # tuning seed 139's phone 005).
    below = next((i for i, line in enumerate(header_left)
                  if _NUMBER.search(line.text) or fold(line.text).startswith(("v/v", "so:")) or _LABEL_AND_FIGURES.match(fold(line.text))), None)  # fmt: skip
    names = [
        line for line in header_left[:below]
        if not fold(line.text).startswith("bo phan") and _mostly_capitals(line.text)
    ]  # fmt: skip
    if not names:
        return
    # Marks a streak or a scrap left around a line go ("—” ỦBND THỊ XÃ GIÁ RAI": the parent's line).
    upper = [re.sub(r"^[\W_]+|[\W_]+$", "", normalize(line.text.upper())) for line in names]
    parent_like = re.compile(r"^(ubnd|uy ban nhan dan (tinh|thanh pho|quan|huyen|thi xa)|bo |tong cuc|cuc )")
    # The issuing agency starts at its own keyword line; lines above it are the parent (which
    # may wrap: "UBND THÀNH PHỐ THỦ DẦU" / "MỘT").
    starts = [i for i, text in enumerate(upper) if i > 0 and _starts_an_agency(text)]
    start = starts[-1] if starts else (1 if len(names) >= 2 and parent_like.search(fold(upper[0])) else 0)
    parent = _repaired_agency(" ".join(upper[:start])) if start else ""
    agency = _repaired_agency(_without_type_title(re.sub(r"\s+", " ", " ".join(upper[start:]))))
    at = agency.find(" " + _COMMITTEE + " ")
    if parent and at > 0:  # the parent's last word wrapped onto the committee's line ("LÃNH ỦY BAN NHÂN DÂN …")
        parent, agency = f"{parent} {agency[:at]}", agency[at + 1 :]
    if fold(agency).startswith(_COMMITTEE_TAIL):
        # "ỦY" read on a line of its own, taken for the parent's last word ("UBND THÀNH PHỐ BẢO" /
        # "ỦY" / "BAN NHÂN DÂN" / "PHƯỜNG LỘC TIẾN": fresh seed 125's photocopy 001), or lost: no
        # agency's name opens on "BAN NHÂN DÂN", only a People's Committee's.
        if fold(parent).endswith(" uy"):
            parent = parent[: parent.rfind(" ")]
        agency = f"ỦY {agency}"
    if parent:
        found["parent_agency"] = _field(parent, 0.85, names[0])
        if (abbreviated := _committee_abbreviated(parent)) != parent:
            found["parent_agency"] = replace(found["parent_agency"], value=abbreviated,
                                             confidence=min(found["parent_agency"].confidence, 0.7))  # fmt: skip
    if agency:
        respelled = _committee_before_its_unit(agency)
        found["agency"] = _field(respelled or agency, 0.85, names[start])
        if respelled is not None:
            found["agency"] = found["agency"].at_most(COMMITTEE_LETTERS_OFF_CERTAINTY)


# The People's Committee's name read more than a letter off before its unit's ("SBẠN NHÂN BÂN
# PHƯỜNG MỸ PHÚ": its ỦY lost, a scrap glued on, a D read as a B; tuning seed 139's photocopied
# certificate 058), stored as the agency, and in a unit test as sure (0.81). The words before the
# unit whose letters are within COMMITTEE_LETTERS_OFF of "ỦY BAN NHÂN DÂN"'s (or within one of "BAN
# NHÂN DÂN"'s: its first word lost) are it, spelled right, for a clerk to confirm: no other body's
# name before a unit's comes near ("HỘI ĐỒNG NHÂN DÂN" is 6 letters off either, its "ĐỒNG NHÂN DÂN"
# 3 off the second, "CÔNG AN" 7).
COMMITTEE_LETTERS_OFF = 3
COMMITTEE_LETTERS_OFF_CERTAINTY = 0.6


def _committee_before_its_unit(agency: str) -> str | None:
    """``agency`` with the words before its last unit's name that read as the People's Committee's
    (see above) spelled as it, or None where they are it already or are not it."""
    words = agency.split()
    folded = [fold(w) for w in words]
    unit = _last_unit(folded)
    if unit is None or unit[0] < 2 or f" {_COMMITTEE_TAIL}" in f" {' '.join(folded[: unit[0]])} ":
        return None  # no unit, or the committee's name read (a scrap beside it is for other steps)
    for size in range(2, min(5, unit[0]) + 1):
        letters = "".join(re.sub(r"[^a-z]", "", f) for f in folded[unit[0] - size : unit[0]])
        if (Levenshtein.distance(letters, _COMMITTEE_LETTERS) <= COMMITTEE_LETTERS_OFF
                or Levenshtein.distance(letters, _COMMITTEE_LETTERS[2:]) <= COMMITTEE_LETTERS_OFF - 2):  # fmt: skip
            return " ".join([*words[: unit[0] - size], *_COMMITTEE.split(), *words[unit[0] :]])
    return None


def _starts_an_agency(text: str) -> bool:
    """Whether a header's line opens an agency's name: by its keyword, or by "ỦY BAN NHÂN DÂN" read
    a letter off ("ỦY BAN NHÂNMDÂN" under a parent read through a photocopy's streak, "tÄ3ND TÍNH
    NGĨIƑ AN": seed 115's 008, the three lines taken for one agency)."""
    if _AGENCY_START.search(fold(text)):
        return True
    words = text.split()
    spelled, _ = _committee_spelled_right(words, [fold(w) for w in words])
    return spelled != words and spelled[: len(_COMMITTEE.split())] == _COMMITTEE.split()


_COMMITTEE_TAIL = "ban nhan dan "  # "ỦY BAN NHÂN DÂN" but its first word


_MOTTO_START = ("cong hoa", "doc lap", "tu do", "hanh phuc")


def _left_of_the_motto(lines: Sequence[Line]) -> list[Line]:
    """The header's left column, from top lines that read across both columns ("UBND THỊ XÃ GIÁ RAI
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHƯỜNG LƯƠNG SƠN Lương Sơn, ngày 14 tháng 8…"): each line
    cut where the national motto or the date line starts, a "NAM" wrapped from "VIỆT" dropped; up to
    the number line or the type's title."""
    out: list[Line] = []
    wrapped_viet = False
    for line in lines:
        words = line.text.replace("„", " ").split()
        folded = [fold(w).strip(".,:;'\"|-—") for w in words]
        if folded and (folded[0] in ("so", "so:") or _NUMBER.search(line.text)):
            break
        cut = len(words)
        for i in range(len(words)):
            # Its first two words by their letters: the motto read with marks for its spaces too
            # ("CỘNG HÒA:XÃ:", "Độc¡lập.-").
            pair = " ".join(folded_letters(" ".join(folded[i : i + 2])).split()[:2])
            if pair in _MOTTO_START or (folded[i] in ("doc", "hanh") and pair.startswith(("doc lap", "hanh phuc"))):
                cut = i
                break
            if folded[i].startswith("ngay") and i > 0 and words[i - 1].endswith(","):
                cut = i  # the date line: the place's title-case words before ", ngày" go too
                while cut > 0 and _place_word(words[cut - 1]):
                    cut -= 1
                break
        left = words[:cut]
        while left and not any(ch.isalpha() for ch in left[-1]):
            left.pop()
        if wrapped_viet and left and fold(left[-1]).strip(".,|") == "nam":
            left = left[:-1]
        wrapped_viet = bool(folded) and folded[-1].strip(".,|") == "viet" and cut < len(words)
        text = " ".join(left).strip(" '\"|-—_.,")
        if not any(ch.isalpha() for ch in text):
            continue
        if any(fold(text).startswith(pattern) for pattern, _ in DOC_TYPES) and out:
            break
        out.append(Line(text, line.page, line.box, line.confidence))
    return out


# The specialised offices of a commune or city (Decree 37/2014, Art. 7; Law on Local Government).
_OFFICES = {"quan ly do thi": "QUẢN LÝ ĐÔ THỊ", "tu phap": "TƯ PHÁP", "noi vu": "NỘI VỤ", "kinh te": "KINH TẾ"}
# Words of an agency's name that OCR slips on and that are only ever written one way there.
_AGENCY_WORDS = {
    "uy ban nhan dan": "ỦY BAN NHÂN DÂN", "thanh pho": "THÀNH PHỐ", "thi xa": "THỊ XÃ", "thi tran": "THỊ TRẤN",
    "phuong": "PHƯỜNG", "huyen": "HUYỆN", "tinh": "TỈNH", **_OFFICES,
}  # fmt: skip  # not "quan": QUẬN (a district) and QUẢN (in PHÒNG QUẢN LÝ ĐÔ THỊ) fold alike
_KEPT_SHORT = {"TP", "Y", "CA", "VP"}


def _without_marks_around(word: str) -> str:
    """A word of an agency's name without the specks read as marks around it ("'XÃ", "DÂN.", "ĐÔNG,");
    an abbreviation keeps its dot ("TP.")."""
    bare = word.strip("'\"“”‘’`|,;:!?.*~")
    return word.lstrip("'\"“”‘’`|,;:!?.*~") if bare in _KEPT_SHORT and word.endswith(".") else bare


# A parent agency is its unit's People's Committee, abbreviated ("UBND THÀNH PHỐ SÔNG CÔNG"): a
# first word that is no syllable, before a unit's kind and name, is that "UBND" read through a
# streak or a seal ("UBX®", "LUĐND", "LDNB", "Ú5ÄDB": tuning seeds' photocopies and phone photos).
# "UBND" and its unit's kind run together, each within a letter ("UBNDTHÀANHPHỐ SÔNG CÔNG": tuning
# seed 63's photocopy 051; "UBNETỈNH LÂM ĐÔNG": 67's 030); a kind of four letters exactly ("TỈNH").
_PARENT_KINDS = {"thanhpho": "THÀNH PHỐ", "thixa": "THỊ XÃ", "thitran": "THỊ TRẤN", "huyen": "HUYỆN", "tinh": "TỈNH", "quan": "QUẬN"}


def _committee_abbreviated(parent: str) -> str:
    words = parent.split()
    folded = [fold(w) for w in words]
    glued = re.sub(r"[^a-z]", "", folded[0]) if words else ""
    if len(words) >= 2 and len(glued) > 4 and Levenshtein.distance(glued[:4], PEOPLES_COMMITTEE_SYMBOL.lower()) <= 1:
        kinds = [kind for key, kind in _PARENT_KINDS.items()
                 if Levenshtein.distance(glued[4:], key) <= (1 if len(key) > 4 else 0)]  # fmt: skip
        if len(kinds) == 1:
            return " ".join([PEOPLES_COMMITTEE_SYMBOL, kinds[0], *words[1:]])
    if len(words) >= 3 and folded[0] != "ubnd" and not is_syllable(words[0]) and 0 < _unit_at(folded, 1) < len(words) - 1:
        return " ".join(["UBND", *words[1:]])
    return parent


def _repaired_agency(text: str) -> str:
    """An agency's name with its fixed words spelled right ("ỦY BẠN NHÂN ĐÂN", "THÀNH PHO") and
    scraps of noise that are no Vietnamese syllable dropped ("… DÂN G THỊ XÃ", "… KINH TẾ QL"), but
    a last word that makes the unit's name a letter off a listed unit's ("THỊ XÃ CỬA ÊÒ", a streak
    through its L: tuning seed 129's photocopy 023, stored as "THỊ XÃ CỬA"); a mark read between
    two words for their space ("THÀNH;PHÓ", "XÃ*GÏÁ") a space."""
    text = re.sub(r"(?<=\w)[;:*](?=\w)", " ", text)  # "XÃ*GÏÁ": a speck read as a star (tuning seed 43's 044)
    read = list(map(_without_marks_around, text.split()))
    words = [w for w in read if len(w) > 2 or w in _KEPT_SHORT or is_syllable(w)]
    if read and words and read[-1] != words[-1] and read[-1].isalpha() and _unit_a_letter_off(" ".join([*words, read[-1]])):
        words.append(read[-1])  # the unit's last syllable a letter off ("THỊ XÃ CỬA ÊÒ": Cửa Lò), no scrap
    while words and fold(words[-1]).rstrip(":.") == "so":  # the number line's label, read above its line
        words.pop()
    # The number line read onto the agency's ("… NGHI THỦY SÔXZ36874QĐ-U1ND", seed 61's photocopy
    # 044): an agency's name holds no number of three figures.
    figures = next((i for i, w in enumerate(words) if sum(ch.isdigit() for ch in w) >= 3), None)
    words = words[:figures]
    if (office := _office_within_a_letter(words)) is not None:
        return office
    folded = [fold(w) for w in words]
    words, folded = _committee_spelled_right(words, folded)
    i, out = 0, []
    while i < len(words):
        for size in (4, 2, 1):
            phrase = _agency_phrase(folded[i : i + size], size, ends=i + size >= len(words), after=folded[i - 1] if i else "")
            if phrase is not None:
                out.append(_AGENCY_WORDS[phrase])
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _agency_phrase(folded: list[str], size: int, ends: bool, after: str = "") -> str | None:
    """The phrase of ``_AGENCY_WORDS`` that ``size`` folded words are; for one of four words, also
    read with a letter more ("PHÒNG QUẦẢN LÝ ĐÔ THỊ") or, ending the name, its last word lost
    ("PHÒNG QUẢN LÝ ĐÔ": no office's name ends on ĐÔ); an office (``_OFFICES``) after "PHÒNG" ending
    the name with its first word ("PHÒNG KINH": tuning seed 63's photocopy 044, its "TẾ" lost to
    toner)."""
    phrase = " ".join(folded)
    if len(folded) == size and phrase in _AGENCY_WORDS:
        return phrase
    if size == 2 and ends and after == "phong" and len(folded) == 1:
        return next((known for known in _OFFICES if known.split()[0] == phrase), None)
    if size != 4:
        return None
    for known in (k for k in _AGENCY_WORDS if len(k.split()) == 4):
        if len(folded) == 4 and len(phrase) == len(known) + 1 and Levenshtein.distance(phrase, known) == 1:
            return known
        if ends and len(folded) == 3 and phrase == known.rsplit(" ", 1)[0]:
            return known
    return None


_COMMITTEE_LETTERS = "uybannhandan"


def _office_within_a_letter(words: list[str]) -> str | None:
    """"PHÒNG" and an office of ``_OFFICES`` where the name's letters, spaces and marks aside, read
    as theirs within a letter ("PHONG%INH TẾ": tuning seed 61's photocopy 030, a streak through its
    "G K"); else None."""
    letters = "".join(re.sub(r"[^a-z]", "", fold(w)) for w in words)
    if not letters.startswith("ph"):
        return None
    near = [name for key, name in _OFFICES.items() if Levenshtein.distance(letters, "phong" + key.replace(" ", "")) <= 1]
    return f"PHÒNG {near[0]}" if len(near) == 1 else None


def _committee_spelled_right(words: list[str], folded: list[str]) -> tuple[list[str], list[str]]:
    """"ỦY BAN NHÂN DÂN" where two to five words read as it within a letter, their spaces aside
    ("ỦY BAX NHÂN ĐÂN", "ỦY BANNHÂN DẪN", "BAN:NHÂN"): the fixed name of a People's Committee."""
    for i in range(len(words)):
        for size in (4, 3, 5, 2):
            letters = "".join(re.sub(r"[^a-z]", "", f) for f in folded[i : i + size])
            if i + size <= len(words) and Levenshtein.distance(letters, _COMMITTEE_LETTERS) <= 1:
                return (words[:i] + _COMMITTEE.split() + words[i + size :],
                        folded[:i] + fold(_COMMITTEE).split() + folded[i + size :])  # fmt: skip
    return words, folded


# The units a People's Committee is of (Law on Local Government, 2015), by their folded names.
_UNITS = tuple(sorted({fold(kind) for kind in KINDS.values()}, key=len, reverse=True))
_COMMITTEE = "ỦY BAN NHÂN DÂN"


def _unit_at(folded: list[str], i: int) -> int:
    """How many words of a unit's name start at ``folded[i]`` (0: none; "XÃ HỘI" of the motto is none)."""
    for unit in _UNITS:
        size = unit.count(" ") + 1
        if " ".join(folded[i : i + size]) == unit and not (unit == "xa" and folded[i + 1 : i + 2] == ["hoi"]):
            return size
    return 0


def _last_unit(folded: list[str]) -> tuple[int, int] | None:
    """Where the last unit's name starts among ``folded`` words, and how many words its kind takes.
    A kind's words are read as one: the "XÃ" of "THỊ XÃ" starts no unit ("UBND THỊ XÃ CÚA RÒ", tuning
    seed 61's photocopy 044, had been looked for among communes, and its town, Cửa Lò, not found)."""
    last, i = None, 0
    while i < len(folded):
        size = _unit_at(folded, i)
        if size:
            last = (i, size)
        i += size or 1
    return last


COMMITTEE_WITHOUT_ITS_UNIT_CERTAINTY = 0.6


def _complete_committee(found: dict[str, ExtractedField], top: Sequence[Line]) -> None:
    """A People's Committee is named with its unit: "ỦY BAN NHÂN DÂN" + "THÀNH PHỐ QUẢNG NGÃI".
    OCR and merged columns put other words there: the motto's "VIỆT NAM" ("ỦY BAN NHÂN DÂN VIỆT NAM
    PHƯỜNG LỘC TIẾN"), a stray scrap before the unit ("… DÂN SÔNG CÔN THÀNH PHỐ SÔNG CÔNG"); or the
    unit's line is read apart, after the motto ("ỦY BAN NHÂN DÂN" … "THÀNH PHỐ QUẢNG NGÃI — -"). The
    name is made whole from the page's own lines; a unit found elsewhere is less certain."""
    current = found["agency"]
    if not current.value.startswith(_COMMITTEE):
        return
    words = current.value[len(_COMMITTEE):].split()
    folded = [fold(w).strip(".,") for w in words]
    for i in range(len(folded) - 1):
        if folded[i : i + 2] == ["viet", "nam"]:
            words, folded = words[:i] + words[i + 2:], folded[:i] + folded[i + 2:]
            break
    unit = next((i for i in range(len(folded)) if _unit_at(folded, i)), None)
    if unit is not None:
        value = " ".join([_COMMITTEE, *words[unit:]])
        if value != current.value:
            found["agency"] = ExtractedField(value, min(current.confidence, 0.75), current.page, current.box)
        return
    if words:
        return  # a name without a unit word the page does not give: kept as read
    parent = fold(found["parent_agency"].value) if "parent_agency" in found else ""
    for line in top:
        line_words = line.text.split()
        line_folded = _unit_words(line_words)
        if any(w in ("ubnd", "uy", "so", "so:") for w in line_folded[:3]) or "ubnd" in "".join(line_folded):
            continue  # the parent's line, the number's
        for i in range(len(line_folded)):
            size = _unit_at(line_folded, i)
            if not size:
                continue
            name = [w for w in line_words[i:] if w.strip(".,:;'\"|—-_")]
            end = size
            while end < len(name) and _caps(name[end]) and sum(ch.isalpha() for ch in name[end]) >= 1:
                end += 1
            if end == size:
                break  # a unit's word with no name after it
            unit_name = _repaired_agency(normalize(" ".join(name[:end]).upper()))
            if fold(unit_name) in parent:
                break
            found["agency"] = ExtractedField(f"{_COMMITTEE} {unit_name}", 0.6, line.page, line.box)
            return
    # No unit on the page to make it whole: a committee named without its unit is no issuer's whole
    # name (tuning seed 43's photocopy 037, stored as sure at 0.82), a clerk's to complete.
    found["agency"] = current.at_most(COMMITTEE_WITHOUT_ITS_UNIT_CERTAINTY)


# The date line's place names the unit where the agency sits (Decree 30/2020, Appendix I): the
# agency's own unit ("PHƯỜNG LỘC TIẾN": Lộc Tiến) or its parent's ("UBND THỊ XÃ CỬA LÒ": Cửa Lò). A
# place read within PLACE_LETTERS_OFF letters of one of those names, marks aside ("Lộc liên",
# "Cứu Lò", "Củo Lành", "Nghi?Ihủy", "Phong Thạnh pông": tuning seeds' photocopies and phone photos,
# stored as sure), is that name as the header spells it; one further off, or itself the name of a
# unit of the country's list ("An Phước" beside "AN PHÚ"), is kept as read. A place
# read as the name's last words only ("Chánh", "Sơn": its first word lost to a streak) is the whole
# name, less certain.
PLACE_LETTERS_OFF = 2
PLACE_CUT_SHORT_CERTAINTY = 0.6


def _place_as_its_unit_names(found: dict[str, ExtractedField]) -> None:
    if "place" not in found:
        return
    place = found["place"]
    # Marks aside: specks read as stops around its words (".Bdo.Lộc", tuning seed 117's photocopy 023).
    read, as_listed = " ".join(re.findall(r"[^\W_]+", fold(place.value))), " ".join(place.value.split()).upper()
    registered = as_listed in register().names
    for name in ("agency", "parent_agency"):
        if name not in found:
            continue
        words = found[name].value.split()
        last = _last_unit([fold(w) for w in words])
        unit_name = words[sum(last):] if last is not None else []
        if len(unit_name) < 2 and not (len(unit_name) == 1 and len(unit_name[0]) >= 4):
            continue  # no name, or one too short to tell from another
        spelled = " ".join(w.capitalize() for w in unit_name)
        if registered and as_listed != spelled.upper():
            continue  # a unit's own name, another's than this
        off = Levenshtein.distance(read, fold(spelled))
        if 0 < off <= (PLACE_LETTERS_OFF if len(read) >= 8 else 1) or (off == 0 and place.value != spelled):
            found["place"] = replace(place, value=spelled, confidence=min(place.confidence, found[name].confidence))
            return
        if read and fold(spelled).endswith(" " + read):
            found["place"] = replace(place, value=spelled, confidence=min(place.confidence, PLACE_CUT_SHORT_CERTAINTY))
            return


def _unit_completed_by_the_place(found: dict[str, ExtractedField]) -> None:
    """An agency whose unit's name was cut short (its header's last line lost: "… THÀNH PHỐ SONG"
    over a scrap where "CÔNG" stood) is completed from the date line's place, which names where the
    agency sits (Decree 30/2020, Appendix I), when the name read is the first words of that place
    ("Sông Công"): less certain, for a clerk to confirm. A place that goes on otherwise changes nothing.
    The parent agency's the same ("UBND THÀNH PHỐ CAO" over "Cao Lãnh, ngày …": a phone photo's
    header line cut at the sheet's fold)."""
    if "place" not in found:
        return
    for field in ("agency", "parent_agency"):
        if field not in found:
            continue
        agency = found[field]
        words = agency.value.split()
        folded = [fold(w) for w in words]
        last = _last_unit(folded)
        if last is None:
            continue
        start = sum(last)
        place = found["place"].value.split()
        name, place_folded = folded[start:], [fold(w) for w in place]
        if not name or len(name) >= len(place) or place_folded[: len(name)] != name:
            continue
        # Spelled as the list spells the unit ("SỐNG CỔNG" read, marks off, on both: SÔNG CÔNG).
        value = _as_registered(" ".join([*words[:start], *(w.upper() for w in place)]))
        found[field] = ExtractedField(value, min(agency.confidence, 0.7), agency.page, agency.box)


# Unit words read with one letter wrong ("DHƯỜNG"; "KHÀNH PHÔ", "ÊHÀNH PHỔ" across two words), of
# four letters or more: a shorter one ("XÃ") is too easily another word. The unit's name after them
# must be in the list of administrative units (``unit_in``).
_UNITS_MISREAD = {fold(kind): kind for kind in KINDS.values() if len(kind) >= 4}


def _parent_completed_by_the_list(found: dict[str, ExtractedField]) -> None:
    """A parent agency whose unit's name was cut short where its header line wrapped ("UBND THÀNH
    PHỐ BÁO", its "LỘC" lost: seed 123's ink 018; "UBND THÀNH PHỐ QUẢNG", seed 119's phone 055),
    the date line's place naming the ward, not the parent, is completed as the one unit of the list
    of administrative units whose name goes on from what was read (its words whole, marks aside), at
    ``UNLISTED_UNIT_CERTAINTY`` most: for a clerk. Several ("THÀNH PHỐ CAO": Cao Bằng, Cao Lãnh), or
    a kind with no name read at all, leave it as read."""
    if "parent_agency" not in found:
        return
    parent = found["parent_agency"]
    words = parent.value.split()
    last = _last_unit(_unit_words(words))
    if last is None or sum(last) >= len(words) or unit_in(words, last[0], last[1]) is not None:
        return
    read = unit_key(words[last[0] :]) + " "
    completions = {spelling for key, spellings in register().spellings.items() if key.startswith(read) for spelling in spellings}
    if len(completions) == 1:
        value = " ".join([*words[: last[0]], completions.pop()])
        found["parent_agency"] = ExtractedField(value, min(parent.confidence, UNLISTED_UNIT_CERTAINTY), parent.page, parent.box)


def _as_registered(name: str) -> str:
    """An agency's name with its unit spelled as the list of administrative units spells it
    (``indexing.places``: "THỊ XÃ CỦA LÒ" → "CỬA LÒ", "DHƯỜNG NGHI THỦY" → "PHƯỜNG", a first letter
    read twice, "LLƯƠNG SƠN" → "LƯƠNG SƠN"), and
    without what follows the unit's whole name when no unit's name goes on that way ("… XÃ PHONG
    THẠNH ĐÔNG Ơ TU"). A unit the list does not hold, or spells two ways that fold alike, stays as read."""
    words = [_first_letter_once(w) for w in name.split()]
    # A unit's kind starts with a letter: a figure before it is a speck ("3TIHÀNH PHÔ BẢO LỘC").
    folded = [w.lstrip("0123456789") for w in _unit_words(words)]
    for i in range(len(words)):
        size = _unit_at(folded, i)
        found: UnitFound | None = unit_in(words, i, size) if size else None
        if found is None and not size and len(folded[i]) >= 2:
            for kind_size in (1, 2):
                read = " ".join(folded[i : i + kind_size])
                kind = next((k for f, k in _UNITS_MISREAD.items() if f.count(" ") == kind_size - 1 and len(read) >= 4
                             and Levenshtein.distance(read, f) == 1), None)  # fmt: skip
                found = unit_in(words, i, kind_size, kind) if kind else None
                if found is not None:
                    break
        if found is not None:
            return " ".join([*words[:i], found.spelling, *([] if found.last else words[found.end :])])
    return name


# A unit's name the list does not hold as read, one letter off one it holds under the same kind,
# that one alone ("PHƯỜNG NGHĨA CHÁ?ŸNH", a photocopy's speck in it: PHƯỜNG NGHĨA CHÁNH); its letters
# only compared, marks and specks aside, UNIT_NAME_MIN_LETTERS of them at least. Less certain, for a
# clerk to confirm: a unit the list lacks may be a letter off one it holds. Tuning seeds 67's and
# 59's photocopies 037; "PHƯỜNG T.ƯỢNG SƠN" stays (Hương Sơn, Lương Sơn, Trường Sơn all fit).
UNIT_NAME_MIN_LETTERS = 5
UNIT_A_LETTER_OFF_CONFIDENCE = 0.7
# ... or two letters off the unit the date line's place names, that unit ("THỊ XÃ GỬAILÒ" over "Cửa
# Lò, ngày 27 tháng 4 năm 2023": a speck read as an I and the C as a G, tuning seed 125's photocopy
# 051, stored as sure), for a clerk to confirm.
UNIT_OFF_AS_PLACED = 2
UNIT_OFF_AS_PLACED_CONFIDENCE = 0.6


@lru_cache(maxsize=1)
def _units_by_kind() -> dict[tuple[str, int], dict[str, str]]:
    """The list's units by their kind (folded) and the number of their name's letters: the name's
    letters to the unit as the list spells it, for the units the list spells one way."""
    by_kind: dict[tuple[str, int], dict[str, str]] = {}
    for key, spellings in register().spellings.items():
        size = _unit_at(key.split(), 0)
        if size and len(spellings) == 1:
            letters = "".join(key.split()[size:])
            by_kind.setdefault((" ".join(key.split()[:size]), len(letters)), {})[letters] = next(iter(spellings))
    return by_kind


def _unit_a_letter_off(name: str, place: str = "") -> tuple[str, float] | None:
    """``name`` (an agency's, as registered) with its last unit's name spelled as the list spells a
    unit of its kind whose name has the same letters (specks and spaces aside) or, the only one so
    near, one letter off, or of several so near the one the date line's ``place`` names (where the
    agency sits, Decree 30/2020: "PHƯỜNG T.ƯỢNG SƠN" over "Lương SƠN, ngày …", tuning seed 61's
    photocopy 023, is Lương Sơn, not Hương or Trường Sơn), or two letters off the one ``place`` names
    (``UNIT_OFF_AS_PLACED``); with how sure that is. None when the list holds the unit as read, or
    none or several are so near."""
    words = name.split()
    folded = _unit_words(words)
    last = _last_unit(folded)
    if last is None:
        return None
    at, size = last
    if unit_in(words, at, size) is not None:
        return None
    letters = re.sub(r"[^a-z]", "", fold(" ".join(words[at + size :]).lower()))
    if len(letters) < UNIT_NAME_MIN_LETTERS:
        return None
    kind, units_by_kind = " ".join(folded[at : at + size]), _units_by_kind()
    named = {other: spelling for length in (len(letters) - 1, len(letters), len(letters) + 1)
             for other, spelling in units_by_kind.get((kind, length), {}).items()}  # fmt: skip
    if letters in named:
        return " ".join([*words[:at], named[letters]]), UNIT_A_LETTER_OFF_CONFIDENCE
    near = [other for other, _, _ in process.extract(letters, list(named), scorer=Levenshtein.distance, score_cutoff=1, limit=None)]
    place_letters = re.sub(r"[^a-z]", "", fold(place.lower()))
    chosen = near if len(near) == 1 else [other for other in near if other == place_letters]
    if len(chosen) == 1:
        return " ".join([*words[:at], named[chosen[0]]]), UNIT_A_LETTER_OFF_CONFIDENCE
    if place_letters in named and Levenshtein.distance(letters, place_letters) <= UNIT_OFF_AS_PLACED:
        return " ".join([*words[:at], named[place_letters]]), UNIT_OFF_AS_PLACED_CONFIDENCE
    return None


# A parent agency whose unit the list of administrative units does not hold, made whole by nothing
# on the page ("UBND THÀNH PHỐ CAO", tuning seed 61's phone 062: its "LÃNH" lost; Cao Bằng and Cao
# Lãnh both fit), goes to a clerk; so does one whose unit's name was lost whole ("UBND THÀNH PHỐ",
# seed 119's photocopy 023, stored as sure). The parents of the tuning seeds' and samples/real's
# truth are all listed. Not the agency: "PHÒNG QUẢN LÝ ĐÔ THỊ" folds to a district's kind ("quận").
UNLISTED_UNIT_CERTAINTY = 0.6


def _unit_words(words: list[str]) -> list[str]:
    """Words folded as a unit's name is looked up, the marks around them aside."""
    return [fold(w).strip(".,:;'\"|") for w in words]


def _unit_unlisted(name: str) -> bool:
    """Whether ``name`` ends on a unit (its kind and a name after it) the list does not hold, or on
    a unit's kind with no name after it ("UBND THÀNH PHỐ", its wrapped "QUẢNG NGÃI" lost)."""
    words = name.split()
    last = _last_unit(_unit_words(words))
    return last is not None and (last[0] + last[1] == len(words) or unit_in(words, last[0], last[1]) is None)


def _first_letter_once(word: str) -> str:
    """A word whose first letter was read twice ("LLƯƠNG"): no Vietnamese syllable starts so."""
    small = word.lower()
    if len(small) > 2 and small[0] == small[1] and not is_syllable(small) and is_syllable(small[1:]):
        return word[1:]
    return word


def _without_type_title(agency: str) -> str:
    """An agency without the start of the type's title a merged layout put after it
    ("… PHƯỜNG MỸ PHÚ GIẤY XÁC NI"): a tail of 8 letters or more reading as the start of a type name.
    Nothing where the whole reads so: the title taken for the agency where the header was lost
    ("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", seed 91's photocopy 051, stored as sure)."""
    words = agency.split()
    for cut in (0, *range(2, len(words))):
        tail = re.sub(r"[^a-z ]", "", fold(" ".join(words[cut:]))).strip()
        if len(tail) >= 8 and any(len(tail) <= len(pattern) and fuzz.ratio(tail, pattern[: len(tail)]) >= 85
                                  for pattern, _ in DOC_TYPES):  # fmt: skip
            return " ".join(words[:cut])
    return agency


def _doc_type(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    for line in lines:
        folded = re.sub(r"[^a-z ]", "", fold(line.text)).strip()
        if not folded or not _mostly_capitals(line.text):
            continue  # type names are printed in capitals
        for pattern, name in DOC_TYPES:
            score = fuzz.ratio(folded, pattern) if len(folded) <= len(pattern) + 6 else 0
            if score >= 88:
                found["doc_type"] = _field(name, 0.95 if score == 100 else 0.8, line)
                return


_DATE_WORDS = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")


def _title_below_the_date(header_right: Sequence[Line], found: dict[str, ExtractedField]) -> bool:
    """The document type from the lines of the header's right column below its date line: the one
    the date was read from, or, no date read (its day written in by hand: "Quảng Ngãi, ngày tháng 3
    năm 2018", samples/real's ct-07-2018), the line of a date's words."""
    dated = found.get("issued_date")
    at = next((i for i, line in enumerate(header_right) if dated is not None and line.box == dated.box), None)
    if at is None and dated is None:
        at = next((i for i, line in reversed(list(enumerate(header_right))) if _DATE_WORDS.search(fold(line.text))), None)
    if at is None:
        return False
    _doc_type(header_right[at + 1 :], found)
    return "doc_type" in found


def _doc_type_across_the_header(left: Sequence[Line], right: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """The centred type title under a two-column header may be cut in two by the layout ("GIẤY
    CHỨNG" left, "NHẬN ĐĂNG KÝ HỘ KINH DOANH" right) or lose its first letters to the cut ("JYẾT
    ĐỊNH"): the last lines of both columns read together, then the end of a type name."""

    def letters(line: Line | None) -> str:
        return re.sub(r"[^a-z ]", "", fold(line.text)).strip() if line is not None and _caps(line.text) else ""

    tail_left, tail_right = letters(left[-1] if left else None), letters(right[-1] if right else None)
    joined = f"{tail_left} {tail_right}".strip()
    for pattern, name in DOC_TYPES:
        if tail_left and tail_right and len(joined) <= len(pattern) + 6 and fuzz.ratio(joined, pattern) >= 88:
            found["doc_type"] = _field(name, 0.75, left[-1])
            return
    for text, line in ((tail_right, right[-1] if right else None), (tail_left, left[-1] if left else None)):
        if line is None or len(text) < 8:
            continue
        for pattern, name in DOC_TYPES:
            if len(text) <= len(pattern) and fuzz.ratio(text, pattern[-len(text):]) >= 88:
                found["doc_type"] = _field(name, 0.7, line)
                return


# The types a number's symbol names (Decree 30/2020, Appendix III; the civil-status and
# construction results' own symbols): a type title lost to OCR is known by it, less certain.
_TYPE_OF_SYMBOL = {
    "QĐ": "Quyết định", "NQ": "Nghị quyết", "CT": "Chỉ thị", "TB": "Thông báo", "HD": "Hướng dẫn",
    "KH": "Kế hoạch", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "GM": "Giấy mời",
    "GUQ": "Giấy ủy quyền", "TLKS": "Trích lục khai sinh", "TLKH": "Trích lục kết hôn",
    "TLKT": "Trích lục khai tử", "XNTTHN": "Giấy xác nhận tình trạng hôn nhân", "GPXD": "Giấy phép xây dựng",
}  # fmt: skip


_SYMBOL_OF_TYPE = {kind: symbol for symbol, kind in _TYPE_OF_SYMBOL.items()}


# Letters OCR reads for a symbol's own (tuning seeds' photocopies and photos): an Đ as a D or a 2, a
# Q as an O, a 0 or a marked O ("3820/ỢD-UBND"), a T as a 1, an I or an l ("4520/T1:-UBND").
_SYMBOL_LOOKALIKES = str.maketrans({
    "D": "Đ", "đ": "Đ", "Ð": "Đ", "2": "Đ", "O": "Q", "0": "Q", "Ơ": "Q", "Ợ": "Q", "Ớ": "Q", "Ờ": "Q", "Ô": "Q",
    "Ộ": "Q", "Ó": "Q", "Ò": "Q", "1": "T", "I": "T", "l": "T",
})  # fmt: skip


def _symbol_near(read: str, abbreviation: str) -> bool:
    """A symbol's type part as read is a letter off ``abbreviation``, or, two letters or more, a
    letter off it once its letters are taken for those OCR reads them for (``_SYMBOL_LOOKALIKES``)."""
    shapes = read.translate(_SYMBOL_LOOKALIKES), abbreviation.translate(_SYMBOL_LOOKALIKES)
    return _letters_apart(read, abbreviation) == 1 or (len(read) >= 2 and Levenshtein.distance(*shapes) <= 1)


def _symbol_of_the_type(found: dict[str, ExtractedField]) -> None:
    """A number's type part no type has, a letter off the abbreviation of the type the title names
    ("4314/EB-UBND" under "THÔNG BÁO": the symbol abbreviates the type, Decree 30/2020, Appendix
    III), or a letter off it once the letters OCR reads for others are taken as those
    (``_SYMBOL_LOOKALIKES``: "ỢD" under QUYẾT ĐỊNH, "T1" under TỜ TRÌNH), is that abbreviation,
    less certain."""
    if "number" not in found:
        return
    number = found["number"]
    head, slash, symbol = number.value.rpartition("/")
    kind, *parts = symbol.split("-")
    abbreviation = _SYMBOL_OF_TYPE.get(found["doc_type"].value) if "doc_type" in found else None
    if not slash or kind in KNOWN_SYMBOLS:
        return
    if abbreviation is not None and _symbol_near(kind, abbreviation):
        found["number"] = replace(number, value=f"{head}/{'-'.join([abbreviation, *parts])}", confidence=min(number.confidence, 0.7))
    elif any(_marked(letter) for letter in kind):  # a marked letter no symbol has, left as read: for a clerk
        found["number"] = number.at_most(0.6)


# A number whose slash was lost before a symbol a letter off its type's abbreviation, its dash read
# as a colon ("Số: 1226 TT:UBND" under TỜ TRÌNH: seed 43's photocopy 030).
_NUMBER_OF_THE_TYPE = re.compile(
    _NUMBER_LABEL + r"(?P<digits>\d{1,5})\s*[/⁄.,]?\s*(?P<symbol>[A-Za-zĐÐ]{2,5})(?P<rest>(?:\s*[-–:]{1,2}\s*[A-ZĐ]{2,})*)(?![\wĐđ])"
)


def _number_of_the_type(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """No number found: one whose symbol is a letter off the abbreviation of the type the title names
    (Decree 30/2020, Appendix III), its slash lost and its dash read as a colon, for a clerk to
    confirm (certainty 0.6)."""
    abbreviation = _SYMBOL_OF_TYPE.get(found["doc_type"].value) if "doc_type" in found else None
    if abbreviation is None:
        return
    for line in lines:
        match = _NUMBER_OF_THE_TYPE.search(line.text)
        symbol = match.group("symbol") if match else ""
        # A letter off a two-letter abbreviation is another's ("TT" is a letter off TB, TC, CT …).
        if match and symbol not in TYPE_ABBREVIATIONS and Levenshtein.distance(symbol, abbreviation) <= (1 if max(len(symbol), len(abbreviation)) >= 3 else 0):
            rest = re.sub(r"\s*[-–:]{1,2}\s*", "-", match.group("rest"))
            number, _ = _repair_type_abbreviation(f"{match.group('digits')}/{abbreviation}{rest}")
            found["number"] = _field(number, 0.6, line)
            return


def _number_label_lost_of_the_type(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """No number found: one without its label at the start of a line of the header (``lines``:
    its left column, what stands above the title; ``_NUMBER_LABEL_LOST``) whose symbol's first part
    is the abbreviation of the type the title names once its letters are taken for those OCR reads
    them for ("ố: 4954/đĐ-UBND" under QUYẾT ĐỊNH: ``_symbol_near``), for a clerk to confirm
    (certainty 0.6)."""
    abbreviation = _SYMBOL_OF_TYPE.get(found["doc_type"].value) if "doc_type" in found else None
    if abbreviation is None:
        return
    for line in lines:
        match = _NUMBER_LABEL_LOST.search(line.text)
        head, _, symbol = _as_symbol(match.group("num")).rstrip(".-_").rpartition("/") if match else ("", "", "")
        kind, *parts = symbol.split("-")
        if match and kind not in TYPE_ABBREVIATIONS and _symbol_near(kind, abbreviation):
            number, _ = _repair_type_abbreviation(f"{head}/{'-'.join([abbreviation, *(p.rstrip('_') for p in parts)])}")
            found["number"] = _field(number, 0.6, line)
            return


def _type_of_symbol(number: str) -> str | None:
    """The type a number's symbol names ("630/TTr-UBND" → Tờ trình), else None."""
    symbol = number.split("/")[-1].split("-")[0].strip()
    return _TYPE_OF_SYMBOL.get(symbol)


# A type's name as its title line reads it, a letter or two off, when the number's symbol has named
# that type (the title alone, read so, matches no type surely: "THÔNG 3ÁO - ị", 84 against "thong
# bao", where 88 names a type; tuning seed 63's photocopy 037, whose trích yếu under it was lost).
TITLE_OF_THE_SYMBOL_SCORE = 80


def _title_read_off(name: str, lines: Sequence[Line]) -> Line | None:
    """The first of ``lines`` in capitals reading as the type ``name`` within
    ``TITLE_OF_THE_SYMBOL_SCORE`` (its letters and spaces, folded), else None."""
    wanted = fold(name)
    for line in lines:
        folded = " ".join(re.sub(r"[^a-z ]", " ", fold(line.text)).split())
        if (folded and _mostly_capitals(line.text) and len(folded) <= len(wanted) + 6
                and fuzz.ratio(folded, wanted) >= TITLE_OF_THE_SYMBOL_SCORE):  # fmt: skip
            return line
    return None


def _looks_like_cong_van(number: str, lines: Sequence[Line]) -> bool:
    symbol = number.split("/")[-1]
    return "-" in symbol and symbol.split("-")[0] not in TYPE_ABBREVIATIONS and any(
        _VV.match(fold(line.text)) for line in lines
    )


def _cong_van_without_its_number(lines: Sequence[Line]) -> Line | None:
    """No type named by a title or a number's symbol (a photocopy's streaks took the header): a "V/v"
    line with a "Kính gửi" line under it, which Decree 30 gives a công văn alone (its other types
    put their name above "Về việc …"), is one. The "V/v" line, else None."""
    for index, line in enumerate(lines):
        if _VV.match(fold(line.text)) and any(_KINH_GUI.match(fold(other.text)) for other in lines[index + 1 :]):
            return line
    return None


def _decisions_formula(lines: Sequence[Line]) -> Line | None:
    """No type named (its title lost to a photocopy's streaks): the formulas only a decision holds
    (Decree 30, Appendix I) make it one, "QUYẾT ĐỊNH:" alone on a line above its "Điều 1", or its
    closing article's "Quyết định này có hiệu lực …". The line found, else None."""
    for index, line in enumerate(lines):
        folded = fold(line.text)
        above_articles = re.fullmatch(r"\W*quyet\s*dinh\W*", folded) is not None and line.text.strip(" :.").isupper()
        if (above_articles and any(fold(other.text).startswith("dieu") for other in lines[index + 1 : index + 3])) or _DECISION_IN_FORCE.search(folded):
            return line
    return None


def _form_by_its_labels(lines: Sequence[Line]) -> tuple[str, Line] | None:
    """No type named (its title lost to a photocopy's streaks): a result whose form the law sets is
    known by its labels (``FORM_LABELS``), each within a letter or two at a line's start ("3. NgàỦ,
    ghê kinh dđanl:"), each line standing for one, ``FORM_LABELS_MIN`` of them or more (a report's
    table row "Hộ kinh doanh" is a letter or two off three labels, one line). The type and the
    first label's line."""
    seen: dict[str, dict[str, Line]] = {name: {} for name in FORM_LABELS}
    for line in lines:
        head = re.sub(r"^\W*(?:\w{1,2}[.,]\s*)?", "", line.text.split(":")[0])
        letters = " ".join(re.sub(r"[^a-z ]", " ", fold(head)).split())
        for name, labels in FORM_LABELS.items():  # a line stands for one label: its nearest
            ratio, label = max((fuzz.ratio(letters[: len(label) + 1].rstrip(), label), label) for label in labels)
            if ratio >= FORM_LABEL_RATIO and label not in seen[name]:
                seen[name][label] = line
    for name, found in seen.items():  # labels in the order of their lines: the first is the first line
        needed = FORM_LABEL_NEEDED.get(name)
        if len(found) >= FORM_LABELS_MIN[name] and (needed is None or needed in found):
            return name, next(iter(found.values()))
    return None


# The labels of results whose form the law sets, folded: the household business's certificate
# (Circular 01/2021/TT-BKHĐT), the marital status certificate (Circular 04/2020/TT-BTP: its status
# label needed, ``FORM_LABEL_NEEDED``: the others an extract of birth's too).
FORM_LABELS = {
    "Giấy chứng nhận đăng ký hộ kinh doanh": ("ma so ho kinh doanh", "dang ky lan dau", "ten ho kinh doanh", "dia diem kinh doanh",
                                              "nganh nghe kinh doanh", "von kinh doanh", "chu ho kinh doanh"),
    "Giấy xác nhận tình trạng hôn nhân": ("tinh trang hon nhan", "giay to tuy than", "giay nay duoc cap"),
}  # fmt: skip
FORM_LABELS_MIN = {"Giấy chứng nhận đăng ký hộ kinh doanh": 3, "Giấy xác nhận tình trạng hôn nhân": 2}
FORM_LABEL_NEEDED = {"Giấy xác nhận tình trạng hôn nhân": "tinh trang hon nhan"}
FORM_LABEL_RATIO = 80
# "Quyết định này có hiệu lực", however streaks punctuate it ("Quyết, định này.có,hiệu. lực").
_DECISION_IN_FORCE = re.compile(r"\bquyet\W*dinh\W*nay\W*co\W*hieu\W*luc\b")
# "Kính gửi" as a photocopy gives it ("Kíhh gửi", "Kinh gưi").
_KINH_GUI = re.compile(r"^\W*k[a-z]{2,4}\s*gui\b")
# "V/v" as OCR reads it: "V/v", "V/V", "V/y", "V.v", "V#v", "V|v", "V/ " (the second v lost), "/V "
# (the first lost: seed 119's photocopy 001), and its slash read as a letter between the two v's
# ("VIV", "Vlv", "V1v": a folded page, seed 63's 017), or as a colon with both v's read ("V:V xác
# nhận …": tuning seed 129's photocopy 001).
_VV = re.compile(r"^(?:v(?:\s*[/.#|\\]\s*[vy]?|[il1][vy]|[:;][vy])|/v)(?=\s)")


def _with_vv(text: str) -> str:
    """A công văn's subject with its "V/v" written as it is printed."""
    match = _VV.match(fold(text))
    return "V/v" + text[match.end() :] if match else text


def _subject(header_left: Sequence[Line], body: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    for index, line in enumerate(header_left):  # a công văn: "V/v ..." under its number
        if _VV.match(fold(line.text)):
            parts = [_with_vv(line.text)] + [nxt.text for nxt in header_left[index + 1 :] if not _NUMBER.search(nxt.text)]
            parts += _wrapped_below_the_header(body, parts)
            parts = [_without_stray_year(part) for part in parts[:-1]] + parts[-1:]
            found["subject"] = _field(_clean_subject(" ".join(parts)), 0.85, line)
            return
    for index, line in enumerate(body[:10]):
        text = _from_ve_viec(line.text)
        after_stamp = _after_a_stamps_lettering(text)
        text = after_stamp or text
        folded = fold(text)
        # A trích yếu opens with a capital "Về"; a line opening with "về" goes on a sentence above
        # ("… Nghị định số 61/2018/NĐ-CP" / "về thực hiện cơ chế một cửa …", its subject lost).
        if (folded.startswith(("ve viec", "ve ")) and not text.startswith("v") and _words_after_ve(text) >= SUBJECT_MIN_WORDS) or (
                _VV.match(folded) or _under_its_title(body, index, found)):  # fmt: skip
            parts = [text[:1].upper() + text[1:]]
            widest = max((line.box[2] for line in body if line.box is not None), default=0)
            right_edge = max((line.box[0] + line.box[2] for line in body if line.box is not None), default=0)
            for above, nxt in itertools.pairwise(body[index : index + 4]):
                wrapped = _without_a_stamps_lettering(nxt, right_edge, widest) if after_stamp else nxt.text
                # A wrapped subject goes on in lower case, or centred close under its line above; a
                # new sentence or title starts upper case.
                if _stops_subject(wrapped, parts[0]) or not (_goes_on(parts[-1], wrapped) or _centred_under(above, nxt, widest)):
                    break
                parts.append(wrapped)
            if _VV.match(folded):
                parts += _wrapped_below_the_header(body[index + len(parts) :], parts)
            parts = [_without_stray_year(part) for part in parts[:-1]] + parts[-1:]
            certainty = 0.85 * (STAMP_LETTERING_CERTAINTY if after_stamp else 1.0)
            found["subject"] = _field(_clean_subject(_with_vv(" ".join(parts))), certainty, line)
            return
    _subject_under_type(body, found)


# A trích yếu opening with "Về" says what about in words: "Vẻ 4;" (a streak's scraps read under a
# photocopied certificate's fields, tuning seed 139's 051) is none; a subject was invented there.
SUBJECT_MIN_WORDS = 2


def _words_after_ve(text: str) -> int:
    """How many words of two letters or more follow a line's first word ("Về")."""
    return sum(sum(ch.isalpha() for ch in word) >= 2 for word in text.split()[1:])


def _under_its_title(body: Sequence[Line], index: int, found: dict[str, ExtractedField]) -> bool:
    """Whether ``body[index]`` is a "về việc …" line right under the type's title: its capital V
    read small (a folded page's "về việc đề nghị xem xét …" under "TỜ TRÌNH", seed 115's 046), no
    sentence above it to go on."""
    title = found.get("doc_type")
    return (index > 0 and title is not None and body[index - 1].box == title.box
            and fold(body[index].text).startswith("ve viec "))  # fmt: skip


def _subject_under_type(body: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """Decree 30 puts the trích yếu right under the type name even when it does not start with
    "Về" ("THÔNG BÁO" / "Kết quả giải quyết hồ sơ ...", "BÁO CÁO" / "Tình hình ..."): the first
    sentence-case line there, with what wraps onto the next lines. A field ("Mã số: ...", "Họ, chữ
    đệm, tên: ...") is not a subject."""
    title = found.get("doc_type")
    if title is not None and fold(title.value).startswith(_RESULT_FORMS):
        return  # a certificate's, a confirmation's or an extract's form has fields, no trích yếu
    index = next((i for i, line in enumerate(body[:10]) if title is not None and line.box == title.box), None)
    if index is None:
        return
    following = [line for line in body[index + 1 : index + 6] if not line.text.strip().startswith("(")]
    while len(following) > 1 and _marks_only(following[0].text):
        following = following[1:]  # specks or a streak of toner read as marks under the type's name
    if not following:
        return
    first = following[0]
    text = _LEADING_MARKS.sub("", first.text)  # the sheet's edge or a speck read as a mark before it
    if (_SUBJECT_STOP.search(fold(text)) or _field_colon(text[:40]) or len(text.split()) < 3 or _caps(text)
            or not text[:1].isupper()):  # fmt: skip
        return
    parts = [text]
    widest = max((line.box[2] for line in body if line.box is not None), default=0)
    for above, nxt in itertools.pairwise(following[:4]):
        # A year or a number goes on ("… năm" / "2022"); an identity number starts a sentence's line.
        goes_on = _goes_on(parts[-1], nxt.text) or re.match(r"\d{1,4}\b", nxt.text.strip()) or _centred_under(above, nxt, widest)
        if not goes_on or _stops_subject(nxt.text, parts[0]):
            break
        parts.append(nxt.text.strip())
    found["subject"] = _field(_clean_subject(" ".join(parts)), 0.8, first)


def _field_colon(text: str) -> bool:
    """Whether ``text`` holds a field's colon ("Mã số: …", "Họ, chữ đệm, tên:Lê …"); one between a
    letter and a small letter is a speck read in a word ("chứng tš:ực": tuning seed 63's photocopy
    037, its trích yếu taken for a field and lost)."""
    return any(not (0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha() and text[i + 1].islower())
               for i, ch in enumerate(text) if ch == ":")  # fmt: skip


def _marks_only(text: str) -> bool:
    """Whether a line holds no syllable of two letters or more: marks a streak or specks were read
    as ("È", then "2 .e 2 e", between "THÔNG 3ÁO" and its trích yếu: tuning seed 63's photocopy
    037, whose subject was lost), no line of text."""
    words = (word.strip(".,;:!?()\"'") for word in text.split())
    return not any(sum(ch.isalpha() for ch in word) >= 2 and is_syllable(word) for word in words)


# Results issued on their own forms (a household business's certificate, a civil status extract,
# a marital status confirmation): fields under the title ("Họ, chữ đệm, tên: …"), no trích yếu.
_RESULT_FORMS = ("giay chung nhan", "giay xac nhan", "trich luc")

# Marks before a line's first letter: a quote mark, a dash or a dot read from the sheet's edge.
_LEADING_MARKS = re.compile(r"^[\s\"'“”‘’„`.,;:~|\-–—]+")

# Words a subject's line cannot end on: what follows them is on the next line ("… quý" / "I năm 2020").
_DANGLING = {"quy", "nam", "thang", "ngay", "va", "cua", "cho", "ve", "cac", "voi", "tai", "theo", "giai", "doan", "so"}


# A trích yếu stands centred under the type's name (Decree 30/2020, Appendix I), its lines set close;
# a wrapped line of it may open with a capital ("Ủy ban nhân dân tỉnh …", "Chương trình MTQG: …",
# "MTV Đầu tư, …": published results of a province, samples/real, whose subjects stopped there). A
# line goes on the subject when its centre lies as near the centre of the line above as
# CENTRED_SHARE of the body's widest line, it is narrower than SUBJECT_WIDTH_SHARE of that width (a
# paragraph's line runs the text's whole width), its top stands under the bottom of the line above
# by SUBJECT_GAP_HEIGHTS of that line's height at most, and half its words at least are syllables.
CENTRED_SHARE = 0.05
SUBJECT_WIDTH_SHARE = 0.92
SUBJECT_GAP_HEIGHTS = 0.8
# ... or over it by SUBJECT_OVERLAP_HEIGHTS of its height at most: single-spaced, a line's marks
# reach into the descenders of the line above (samples/real's ttr-239-2024: 1 px over).
SUBJECT_OVERLAP_HEIGHTS = 0.25


def _centred_under(above: Line, line: Line, widest: int) -> bool:
    """Whether ``line`` is a subject's line wrapped under ``above`` (see above)."""
    words = [w.strip(".,;:()") for w in line.text.split()]
    if above.box is None or line.box is None or widest <= 0 or 2 * sum(map(is_syllable, words)) < len(words):
        return False  # a rule under the subject read as marks ("? ? } ^ˆ ˆ Ả-") is none of it
    (x0, y0, w0, h0), (x1, y1, w1, _) = above.box_of_its_text or above.box, line.box_of_its_text or line.box
    return (abs((x0 + w0 / 2) - (x1 + w1 / 2)) <= CENTRED_SHARE * widest and w1 < SUBJECT_WIDTH_SHARE * widest
            and -SUBJECT_OVERLAP_HEIGHTS * h0 <= y1 - (y0 + h0) <= SUBJECT_GAP_HEIGHTS * h0)  # fmt: skip


def _stops_subject(text: str, first: str) -> bool:
    """Whether a line under a subject's starts what comes after it ("Kính gửi:", "Căn cứ …", a
    signer's title), a speck, a streak or a stray figure read before it ("92 -. Kính gửi: …",
    "-Căn cứ hồ sơ …" on a photocopy: seed 115's 030, its subject run on into its body); or is
    in capitals under a subject (``first``, its first line) that is not: the issuer's title over
    the preamble, read a letter off ("CHI' TỊCH ỦY BAIi NHÂN DÂN …", seed 113's photocopy 044)."""
    folded = fold(text)
    if _SUBJECT_STOP.search(folded) or _SUBJECT_STOP.search(_LEADING_SPECKS.sub("", folded)):
        return True
    return sum(ch.isalpha() for ch in text) >= CAPITALS_STOP_LETTERS and _caps(text) and not _mostly_capitals(first)


CAPITALS_STOP_LETTERS = 8  # a line in capitals this long at least ends a subject (not "UBND" wrapped alone)


_LEADING_SPECKS = re.compile(r"^[\W\d_]{1,8}")  # marks and figures before a line's first letter


def _goes_on(previous: str, text: str) -> bool:
    """Whether ``text`` continues a subject's line: it starts in lower case, or the line before ends
    on a word that needs what follows ("quý" before "I năm 2020", a Roman numeral)."""
    words = previous.split()
    return text[:1].islower() or bool(words and fold(words[-1]).strip(".,") in _DANGLING and text.strip())


def _wrapped_below_the_header(body: Sequence[Line], parts: Sequence[str]) -> list[str]:
    """The end of a "V/v" subject wrapped below the header's other column ("V/v đăng ký thay đổi
    nội" … "dung đăng ký hộ kinh doanh" / "Kính gửi: …"): the line just before "Kính gửi" when it
    goes on in lower case and is not already read."""
    for index, line in enumerate(body):
        if fold(line.text).startswith("kinh gui"):
            before = body[index - 1].text.strip() if index else ""
            if before[:1].islower() and before not in parts and not _SUBJECT_STOP.search(fold(before)):
                return [before]
            return []
    return []


def _without_stray_year(text: str) -> str:
    """A subject line that wraps on, without a year at its end that belongs to the date beside it
    (the date line's "năm" in the right column, its year wrapped level with the subject: "V/v cấp
    giấy phép sửa chữa, cải tạo 2023" / "nhà ở"). A year after "năm" is the subject's own."""
    words = text.split()
    if len(words) >= 2 and re.fullmatch(r"(19|20)\d\d", words[-1]) and fold(words[-2]) != "nam":
        return " ".join(words[:-1])
    return text


def _from_ve_viec(text: str) -> str:
    """A line whose "Về việc" comes after a scrap or two of noise ("..Ñế :Về việ£ cho phép…" on a
    photocopy), or with its V read as a Y ("Yê việc"): from "Về việc" on, spelled right. Other
    lines as they are. A scrap holds three letters or figures at most: "019 5203698853, về việc …"
    is a paragraph's line (an identity number before it), not a subject."""
    words = text.split()
    for index in range(min(3, max(0, len(words) - 1))):
        scraps = words[:index]
        if any(sum(ch.isalnum() for ch in w) > 3 for w in scraps):
            break
        head, nxt = re.sub(r"^\W+", "", fold(words[index])), fold(words[index + 1])
        if head == "ve" and nxt.startswith("vie") and (index or nxt != "viec"):
            return " ".join(["Về", "việc", *words[index + 2 :]])
        if head == "ye" and nxt == "viec":  # its V read as a Y ("Yê việc hỗ trợ …", a phone photo)
            return " ".join(["Về", "việc", *words[index + 2 :]])
    return text


# An office's received stamp ("CV ĐẾN": its frame, the office's name, the number and day written
# in) stands under a document's number, beside its trích yếu: read in one line with the trích yếu's
# lines, its lettering comes before them (samples/real's ct-07-2018: "[TBUNG†EMGÔNG B20 Ti HỌC
# 0.NGÃI Về việc tăng cường công tác thi hành án hành chính" / "TDN TNN...Á 2 trên địa bàn tỉnh
# Quảng Ngãi"; its subject was lost). A trích yếu's "Về việc", printed with its capital, after up to
# STAMP_LETTERING_WORDS words that make no sentence (fewer than half of them syllables in small
# letters), opens the subject there; each line it wraps onto goes on from its first syllable in
# small letters, the stamp's words before it dropped, while it stops short of the text's right edge
# (a paragraph's line runs to it). Less certain (STAMP_LETTERING_CERTAINTY): a clerk confirms it.
STAMP_LETTERING_WORDS = 8
STAMP_LETTERING_CERTAINTY = 0.75
# A wrapped line of a trích yếu, centred, ends short of the text's right edge by this share of the
# body's widest line at least.
SHORT_OF_THE_EDGE_SHARE = 0.03


def _small_syllable(word: str) -> bool:
    """A syllable in small letters, its punctuation aside: what a sentence is made of."""
    return word[:1].islower() and is_syllable(word.strip(".,;:"))


def _no_sentence(words: Sequence[str]) -> bool:
    """Whether ``words`` make no sentence: fewer than half of them are syllables in small letters."""
    return 2 * sum(map(_small_syllable, words)) < len(words)


def _after_a_stamps_lettering(text: str) -> str | None:
    """The line from its trích yếu's "Về việc" on, when a received stamp's lettering comes before it
    (see above); None for any other line."""
    words = text.split()
    for index in range(1, min(STAMP_LETTERING_WORDS, len(words) - 2) + 1):
        if words[index] == "Về" and fold(words[index + 1]) == "viec" and _no_sentence(words[:index]):
            return " ".join(words[index:])
    return None


def _without_a_stamps_lettering(line: Line, right_edge: int, widest: int) -> str:
    """A line the trích yếu begun after a stamp's lettering may wrap onto: from its first syllable
    in small letters on, the words before it making no sentence; its text as it is when it runs to
    the text's right edge (``SHORT_OF_THE_EDGE_SHARE``), or opens otherwise."""
    words = line.text.split()
    if line.box is None or line.box[0] + line.box[2] > right_edge - SHORT_OF_THE_EDGE_SHARE * widest:
        return line.text
    for index, word in enumerate(words[: STAMP_LETTERING_WORDS + 1]):
        if _small_syllable(word):
            return " ".join(words[index:]) if index and _no_sentence(words[:index]) else line.text
    return line.text


# Where a subject line ends in scraps: quote marks or dashes in a run ("đất''-- -„ HÁN thần").
_SCRAPS = re.compile(r"[\"'“”‘’„`]{2,}|-{2,}|\s[„`~|]+\s")


def _clean_subject(text: str) -> str:
    text = _SCRAPS.split(text, maxsplit=1)[0]
    text = _without_date_line(text)
    # "cho phép-chuyển", "cho phép:-chuyển": a space read as a hyphen, a colon or both.
    text = re.sub(r"(?<=[a-zà-ỹđ])(?:[:;]?-|[:;])(?=[a-zà-ỹđ])", " ", text)
    # A trích yếu is one phrase: a stop before a word in lower case is its comma ("sửa chữa. cải tạo").
    text = re.sub(r"(?<=[a-zà-ỹđ])\.(?=\s+[a-zà-ỹđ])", ",", text)
    text = re.sub(r"\s+", " ", text).strip(" _-—")
    text = re.sub(r"(?<=\w) (?=[:;,](?:\s|$))", "", text)  # "Về việc : Giao": no space before a colon
    text = _QUARTER.sub(lambda m: m.group(1) + _quarter(m.group(2)), text)
    text = _QUARTER_YEAR.sub(r"\1năm ", text)
    return _without_end_marks(re.sub(r"^[Vv]/[vV]\.?\s*", "V/v ", text))


# A report's quarter ("quý II năm 2019"), its Roman numeral read as other upright strokes.
_QUARTER = re.compile(r"\b([Qq]u[ýy]\s+)([IÍÌÏïlLT1|H]{1,3}|[IÍÌÏïlLT1|]V)[,.]?(?=\s|$)")  # a speck after it: "HII,"
_QUARTERS = ("I", "II", "III", "IV")
# After a quarter, the word before its year is "năm", its breve read another mark or lost ("quý I
# nắm 2019", "quý III nam 2024").
_QUARTER_YEAR = re.compile(r"\b([Qq]uý (?:I|II|III|IV) )n[aắằẳẵặăâấầẩẫậ]m (?=\d{4}\b)")


def _quarter(read: str) -> str:
    """The quarter a numeral of upright strokes stands for ("LÍ", "TÍ", "ïï" → II, "HII", "IH" →
    III): each stroke an I, one H two of them or one (two serifed I's run together, or an I's
    serifs), when that makes one of I, II, III; one stroke before a V is IV ("TV"); else as read."""
    if read in _QUARTERS or read.count("H") > 1:
        return read
    if read.endswith("V"):
        return "IV"
    for h in ("II", "I"):
        numeral = "".join(h if ch == "H" else "I" for ch in read)
        if numeral in _QUARTERS:
            return numeral
    return read


def _without_date_line(text: str) -> str:
    """A trích yếu without the date line read onto its end where the header's two columns were read
    as one ("V/v xác nhận tình trạng hôn nhân Cao Lãnh, ngày 22 tháng 02 năm 2023"): the date and
    the place's words in title case before it go."""
    match = _DATE_FOLDED.search(fold(text))
    if not match or not fold(text)[: match.start()].rstrip().endswith(","):
        return text
    words = text[: match.start()].rstrip(" ,").split()
    start = len(words)
    while start > 0 and len(words) - start < 4 and _place_word(words[start - 1]):
        start -= 1
    return " ".join(words[:start])


def _without_end_marks(text: str) -> str:
    """A trích yếu ends on a word (Decree 30 puts no stop after it): a dot, comma or question mark
    after its last word is a speck or its underline read ("… sử dụng đất'", "… hôn nhân?"); a
    closing quote stays when it closes a quote ("… danh hiệu “Gia đình văn hóa”")."""
    while text and text[-1] in ".,;:?!'\"“”‘’`":
        mark = text[-1]
        if (mark == "”" and "“" in text) or (mark == "’" and "‘" in text) or (mark in "'\"" and text.count(mark) % 2 == 0):
            break
        text = text[:-1].rstrip()
    return text


_RECIPIENTS = re.compile(r"^\s*(noi nhan|[-+•])")


def _without_recipients(lines: Sequence[Line]) -> list[Line]:
    """The end of a page without its recipients' list ("Nơi nhận:", "- Như Điều 4;"): a line that
    reads across both columns keeps the signer's block beside them, an authority or capitals at its
    end ("Nơi nhận: KT. CHỦ TỊCH" → "KT. CHỦ TỊCH", "- Như Điều 4; PHÓ CHỦ TỊCH" → "PHÓ CHỦ TỊCH")."""
    kept: list[Line] = []
    for line in lines:
        if not _RECIPIENTS.match(fold(line.text)):
            kept.append(line)
            continue
        words = line.text.split()
        start = len(words)
        while start > 0 and _caps(words[start - 1]):
            start -= 1
        tail = words[start:]
        if tail and not tail[-1].endswith(";") and (len(tail) >= 2 or _AUTHORITY.match(" ".join(tail))):
            kept.append(Line(" ".join(tail), line.page, line.box, line.confidence))
    return kept


def _signer(lines: Sequence[Line], found: dict[str, ExtractedField], whole_page: bool) -> None:
    """Authority prefix, position in capitals, then the signer's name (the last name-like line)."""
    if whole_page or any(fold(line.text).startswith("noi nhan") for line in lines):
        lines = _without_recipients(lines)  # the layout's closing column may hold the recipients too
    authority_index = None
    for index, line in enumerate(lines):
        match = _AUTHORITY.match(_without_scraps(line.text))
        if match:
            authority_index = index
            found["signing_authority"] = _field(match.group(1).upper() + ".", 0.9 if match.group(2) else 0.75, line)
            if match.group(1) != "TM" and fold(match.string[match.end() - 1 :]).startswith(_COLLECTIVE_NAMES):
                # Only "TM." stands before a collective body (Decree 30/2020, Art. 13): "TL. ỦY BAN
                # NHÂN DÂN" is its M misread, for a clerk to confirm.
                found["signing_authority"] = _field("TM.", 0.6, line)
            break
        if (after_scrap := _authority_after_a_scrap(line)) is not None:
            authority_index = index
            found["signing_authority"] = _field(after_scrap, 0.6, line)
            break
    else:
        authority_index = _misread_authority(lines, found)
        if authority_index is None and not whole_page:
            authority_index = _collective_under_a_seal(lines, found)
    if authority_index is not None and authority_index + 1 < len(lines):
        # A deputy signing for a head who signs for another ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" /
        # "PHÓ CHỦ TỊCH"; "TL. CHỦ TỊCH" / "KT. CHÁNH VĂN PHÒNG" / "PHÓ CHÁNH VĂN PHÒNG": published
        # results of a province, samples/real): the signer's authority is the line over the title.
        below = _AUTHORITY.match(_without_scraps(lines[authority_index + 1].text))
        if below is not None and below.group(1) == "KT":
            authority_index += 1
            found["signing_authority"] = _field("KT.", 0.9 if below.group(2) else 0.75, lines[authority_index])
    start = authority_index + 1 if authority_index is not None else 0
    if whole_page and authority_index is None:
        # No layout column and no authority line: only a known position title followed by a name.
        start = next((i for i, line in enumerate(lines) if (_POSITION.search(fold(line.text)) and _caps(line.text))
                      or _smudged_title(line) is not None or _title_end_over_a_name(lines, i)), len(lines))  # fmt: skip
        if start == len(lines):
            if (under := _name_under_a_lost_title(lines)) is not None:
                found["signer"] = _field(under.text, 0.6, under)
            return
        authority_index = start - 1
    titles: list[Line] = []
    name_line: Line | None = None
    for line in lines[start:]:
        text = _without_scraps(line.text)
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            continue
        # A letter no Vietnamese word has ("CÔNG CHỨC ïÿƯ PHÁP - äÔ TỊCH": specks over a photocopy's
        # capitals, tuning seed 109's 023) is a scrap, not a small letter.
        small = sum(ch.islower() and is_vietnamese_letter(ch) for ch in letters)
        if small <= _small_letters_in_capitals(len(letters)) and name_line is None:
            if (authority_index is not None or re.search(r"chu tich|giam doc|truong|nguoi|can bo|cong chuc", fold(text))
                    or _known_title(text)[1] >= 0.8):
                titles.append(line)
            continue
        text = _hyphen_as_space(text)
        if re.fullmatch(_NAME, text) and 2 <= len(text.split()) <= 5:
            name_line = line
        elif (raised := _surname_raised(text) or _given_name_raised(text)) is not None and name_line is None:
            name_line = Line(raised, line.page, line.box, line.confidence)
    if name_line is None and titles:
        name_line = _name_among_scraps(lines[lines.index(titles[-1]) + 1 :])
    lost = None
    if authority_index is None and len(titles) >= 2 and _head_title(titles[0]) is not None:
        titles = titles[1:]  # an authority line read past knowing ("T¡, CHỦ TỊCH" for TL.): the head's, not the signer's
    elif "signing_authority" not in found and len(titles) >= 2 and (lost := _prefix_lost(titles[0], titles[1])) is not None:
        found["signing_authority"] = _field(lost[0], 0.6, titles[0])
        found["signer_title"] = _field(lost[1], 0.6, titles[1])
        titles = []
    title_words = [w for t in titles for w in _caps_words(_without_scraps(t.text))]
    if title_words:
        title, certainty = _known_title(" ".join(title_words))
        if certainty < 0.8 and (letter_off := _title_a_letter_off(" ".join(_without_scraps(t.text) for t in titles))):
            title, certainty = letter_off, 0.6
        elif certainty < 0.8 and (whole := _position_read_whole(titles)) is not None:
            title, certainty = whole, 0.6
        elif certainty < 0.8 and len(titles) == 1 and (end := _title_end(titles[0])) is not None:
            title, certainty = end, 0.5  # "%2 TỊCH": the seal took "CHỦ" (see _title_under_a_seal)
        # An authority line read past knowing ("TM. ỦY.BẠN NHÂN DÂN" read again across the recipients'
        # column as "TM NHÂN DÂN", seed 67's photocopy 008) is no position.
        if certainty >= 0.8 or not re.search(r"^(tm|kt|tl|tuq)\b|nhan dan", fold(title)):
            found["signer_title"] = _field(title, certainty, titles[0])
    elif lost is None and (authority_index is not None or not whole_page):
        _title_under_a_seal(lines[start:], name_line, found)
    if "signing_authority" in found and found["signing_authority"].value == "KT." and authority_index is not None:
        _deputy_title(lines[authority_index], titles, found)
    elif "signing_authority" in found and found["signing_authority"].value == "TL." and authority_index is not None:
        _deputy_under_tl(lines[authority_index], found)
    if name_line is not None:
        found["signer"] = _field(_repair_surname(_without_a_letter_after(_hyphen_as_space(_without_scraps(name_line.text)))), 0.85, name_line)
        if not _a_surname(found["signer"].value.split()[0]):
            found["signer"] = found["signer"].at_most(UNKNOWN_SURNAME_CERTAINTY)
    _authority_of_a_deputy(found, titles)


def _without_a_letter_after(name: str) -> str:
    """A signer's name without a letter no syllable is read after it, three words or more left (a
    seal's or a signature's speck: "Lục Hữu Duyên Š", tuning seed 109's photocopy 023)."""
    words = name.split()
    if len(words) >= 4 and len(words[-1]) == 1 and not is_syllable(words[-1]):
        return " ".join(words[:-1])
    return name


def _authority_of_a_deputy(found: dict[str, ExtractedField], titles: Sequence[Line]) -> None:
    """A head's deputy signs "KT." for the head (Decree 30/2020, Art. 13: "KT. CHỦ TỊCH" over "PHÓ CHỦ
    TỊCH"): where the authority line was lost (seed 43's photocopy 051, seed 37's 058) and the
    title is a deputy's, its "PHÓ" read (not guessed from a head's title), "KT." for a clerk to
    confirm. Not a deputy chief of office's, who signs for the head's office too ("TL. CHỦ TỊCH" /
    "KT. CHÁNH VĂN PHÒNG")."""
    title = found.get("signer_title")
    if "signing_authority" in found or title is None or not any(fold(line.text).startswith("pho ") for line in titles):
        return
    if not title.value.startswith("PHÓ ") or "CHÁNH VĂN PHÒNG" in title.value:
        return
    found["signing_authority"] = replace(title, value="KT.", confidence=0.6)


def _small_letters_in_capitals(letters: int) -> int:
    """How many small letters a line of capitals of this many letters may be read with: a fax's
    smudge reads a few ("CÔNG viH12E` TƯ PHÁP - HỘ": 2 of 17, seed 43's fax 031)."""
    return 2 if letters >= 14 else 1 if letters >= 8 else 0


def _position_read_whole(titles: Sequence[Line]) -> str | None:
    """A word of a position misread as a figure ("CÔNG CHỨC 1 PHÁP - HỘ TỊCH": its capitals stop at
    the 1): the first of the lines that, read whole, is a known position, else None."""
    return next((title for title, certainty in (_known_title(_without_scraps(t.text)) for t in titles) if certainty >= 0.8), None)


def _hyphen_as_space(text: str) -> str:
    """A space between two words of a name read as a hyphen ("Đoàn Xuân-Nguyệt")."""
    return re.sub(r"(?<=[a-zà-ỹđ])-(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])", " ", text)


def _authority_after_a_scrap(line: Line) -> str | None:
    """An authority prefix a signature's stroke ran into, one token with it ("qC'KT: CHỦ TỊCH"),
    before a head's known position: the prefix, else None."""
    match = _AFTER_A_SCRAP.match(_without_scraps(line.text))
    if match is None or _head_position(match.group(2)) is None:
        return None
    return match.group(1) + "."


_AFTER_A_SCRAP = re.compile(r"^\S*[^\w\s.:](TM|KT|TL)[.:]\s+(.+)$")


# A signature block's first line the layout left in the body (a seal's ring beside it): "TL. CHỦ
# TỊCH" read "J1, CHỦ TỊCH" and taken with the body, "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH" below it the
# closing's (tuning seed 115's ink 047: no authority, the officer's title as sure). A body line in
# capitals that reads as a head's position, over the closing column's first line (HEAD_LINE_REACH of
# its height above it at most) and across it, is the block's.
HEAD_LINE_REACH = 1.5


def _heads_line_above(page: PageView, first: Line) -> Line | None:
    """The body's line standing at the head of the closing column's signature block (see above), or None."""
    if first.box is None:
        return None
    x, y, w, h = first.box
    for line, kind in zip(page.lines, page.region_of_line, strict=True):
        if kind != "body" or line.box is None:
            continue
        # The recipients' label read on the same line, the layout taking both for the body's ("Nơi
        # nhận: .TL. CHỦ TỊCH", seed 123's ink 025): the block's line is what follows it.
        label = _RECIPIENTS_LABEL.match(fold(line.text))
        text = _without_scraps(line.text[label.end() :]).lstrip(".,:; ") if label else line.text
        if _head_position(_without_scraps(text)) is None and not (label and _AUTHORITY.match(text)):
            continue
        lx, ly, lw, lh = line.box
        if ly < y and y - (ly + lh) <= HEAD_LINE_REACH * h and lx < x + w and x < lx + lw:
            return replace(line, text=text) if label else line
    return None


_RECIPIENTS_LABEL = re.compile(r"^\W*noi nhan\s*:?\s*")


def _prefix_lost(upper: Line, lower: Line) -> tuple[str, str] | None:
    """Two positions stacked in a signature block, the first the head's read whole with nothing
    before it: the head's, for whom the second signs (Decree 30/2020, Art. 13), its prefix lost.
    The head's deputy ("PHÓ CHỦ TỊCH", or the head's position after a scrap, "i1 CHỦ TỊCH": the
    head does not sign for itself) signs "KT."; another known position (a head of office, "CHÁNH
    VĂN PHÒNG") "TL.". (prefix, the signer's position), else None."""
    head = _head_position(_without_scraps(upper.text))
    if head is None or folded_letters(upper.text) != folded_letters(head):
        return None  # a scrap before the head's position may be any prefix's (see _misread_authority)
    title = _position_read(lower)
    if title == f"PHÓ {head}" or _deputy_reading(lower, head) or (title == head and folded_letters(lower.text) != folded_letters(head)):
        return "KT.", f"PHÓ {head}"
    return ("TL.", title) if title is not None and title != head else None


def _position_read(line: Line) -> str | None:
    """The known position the line reads as, clearly or smudged ("cHAxZ VĂN PHÒNG"), else None."""
    title, certainty = _known_title(_without_scraps(line.text))
    return title if certainty >= 0.8 else _smudged_title(line)


def _title_a_letter_off(read: str) -> str | None:
    """The one known position whose letters are a letter off the line's ("CHẾ TỊCH", "CHỦ YỊCH",
    "Cu TỊCH": CHỦ TỊCH), six letters or more, else None."""
    folded = folded_letters(read)
    if len(folded) < 6:
        return None
    near = [title for candidate, title in SIGNER_TITLES_FOLDED if Levenshtein.distance(folded, candidate) == 1]
    return near[0] if len(near) == 1 else None


def _head_a_letter_off(line: Line) -> str | None:
    """A token, then a known position a letter off in capitals ("KỸ CAỦ TỊCH"): the position, else None."""
    match = re.match(r"^\S{1,3}\s+(.+)$", _without_scraps(line.text))
    return _title_a_letter_off(match.group(1)) if match is not None and _caps(match.group(1)) else None


def _title_end_over_a_name(lines: Sequence[Line], index: int) -> bool:
    """The line is the end of a known position, the seal having taken the rest ("hJ TỊCH"), and the
    next line with letters, a scrap of the signature aside, is a name: a signature block's first
    lines, where no authority stands."""
    if _title_end(lines[index]) is None:
        return False
    below = next((line for line in lines[index + 1 :] if any(ch.isalpha() for ch in line.text) and not _signature_scrap(line)), None)
    return below is not None and re.fullmatch(_NAME, _without_scraps(below.text)) is not None


def _signature_scrap(line: Line) -> bool:
    """A line of one word of three small letters at most: a stroke of the signature between the
    position and the name, read as a word ("xử": tuning seed 83's fax 059)."""
    words = _without_scraps(line.text).split()
    return len(words) == 1 and len(words[0]) <= 3 and words[0].islower()


def _deputy_under_tl(authority: Line, found: dict[str, ExtractedField]) -> None:
    """"TL. CHỦ TỊCH" over "PHÓ CHỦ TỊCH": the head's own deputy signs for the head "KT." (Decree
    30/2020, Art. 13), never by order (TL. is a head of office's: "CHÁNH VĂN PHÒNG", or its deputy,
    "PHÓ CHÁNH VĂN PHÒNG"); the prefix was misread, recorded as KT. with low certainty."""
    parsed = _head_title(authority)
    title = found.get("signer_title")
    if parsed is not None and title is not None and title.value == f"PHÓ {parsed[1]}":
        found["signing_authority"] = _field("KT.", 0.6, authority)


def _head_title(line: Line, any_prefix: bool = False) -> tuple[str, str] | None:
    """The prefix and the head's position on an authority line ("KT. CHỦ TỊCH" → ("KT", "CHỦ TỊCH"))
    when it reads as a known position whose deputy is "PHÓ …" (a minister's is not: THỨ TRƯỞNG).
    ``any_prefix``: a prefix of small letters and marks too (a scrap the seal left: "“k„*.")."""
    match = re.match(r"^(\S{1,4})\s+(.+)$", _without_scraps(line.text))  # "KT.", "XT", "T¡,"
    token = match.group(1) if match is not None else ""
    # Capitals and marks only ("TỊ." too: à-ỹ holds Vietnamese capitals as well as small letters).
    if match is None or not (any_prefix or _capital_prefix(token)):
        return None
    head = _head_position(match.group(2))
    return (token.rstrip(".,"), head) if head is not None else None


def _head_position(text: str) -> str | None:
    """The known position ``text`` reads as, in capitals, when its deputy is "PHÓ …"; else None."""
    if not _caps(text):
        return None
    title, certainty = _known_title(text)
    return title if certainty >= 0.8 and f"PHÓ {title}" in SIGNER_TITLES else None


def _deputy_reading(line: Line, head: str) -> bool:
    """The line reads as the head's deputy's position ("PHÓ CHỦ TỊCH", "PHO ẾtỦ TỊCH")."""
    return fuzz.ratio(folded_letters(line.text), folded_letters(f"PHÓ {head}")) >= 75


def _head_title_after_figures(line: Line) -> tuple[str, str] | None:
    """An authority line whose prefix was read as figures ("11.. CHỦ TỊCH" for TL.), which
    ``_without_scraps`` takes for a scrap: (the figures, the head's position) as ``_head_title``."""
    match = re.match(r"^\W*(\d{1,2})[.,:;]*\s+(.+)$", line.text)
    head = _head_position(_without_scraps(match.group(2))) if match is not None else None
    return (match.group(1), head) if match is not None and head is not None else None


def _capital_prefix(token: str) -> bool:
    return token[0].isupper() and not any(ch.islower() for ch in token)


def _letters_apart(read: str, known: str) -> int:
    """How many letters differ between two readings of the same length (any other: more than any)."""
    return sum(a != b for a, b in zip(read, known, strict=True)) if len(read) == len(known) else len(read) + len(known)


# The names of collective bodies an authority "TM." (on behalf of) stands before (Decree 30/2020, Art. 13).
_COLLECTIVE = re.compile(r"^(uy ban|hoi dong|ban |doan |\S{1,2} ban nhan dan)")  # "1 BẠN NHÂN DÂN": ỦY misread


def _misread_authority(lines: Sequence[Line], found: dict[str, ExtractedField]) -> int | None:
    """An authority prefix misread, known by what Decree 30/2020 (Art. 13) puts around it; recorded
    with low certainty for a clerk to confirm; the index of its line, else None.

    - "KT." (ký thay: a deputy signs for the head; "XT. CHỦ TỊCH", "K1. CHỦ TỊCH", "T CHỦ TỊCH"):
      a token of one or two letters or digits, then the head's position, where the token is one
      letter from KT and two from TM and TL, or the next line reads as the deputy's ("PHÓ CHỦ TỊCH").
    - "TL." (thừa lệnh: a head of office signs by the head's order; "TỊ. CHỦ TỊCH" above "CHÁNH VĂN
      PHÒNG"): a token one letter from TL, the head's position, and another known position below.
    - "TM." (thay mặt: on behalf of a collective body; "1M. ỦY BAN NHÂN DÂN"): a token one letter
      from TM, then a collective body's name in capitals."""
    for index, line in enumerate(lines):
        collective = re.match(r"^(\S{1,2}?)[.,]?\s+(.+)$", _without_scraps(line.text))
        if (collective is not None and _letters_apart(collective.group(1).upper(), "TM") <= 1 and _caps(collective.group(2))
                and _COLLECTIVE.match(fold(collective.group(2)))):  # fmt: skip
            found["signing_authority"] = _field("TM.", 0.6, line)
            return index
        below = next((other for other in lines[index + 1:] if any(ch.isalpha() for ch in other.text)), None)
        authority = _head_title(line, any_prefix=True) or _head_title_after_figures(line)
        if authority is None:
            # The prefix and the head's first word smudged together ("Œ'Ủ TỊCH"): only the
            # deputy's position below tells it (a deputy signs for the head: "KT.").
            # Or a token before the head's position read a letter off ("KỸ CAỦ TỊCH").
            head_end = _title_end(line) or _head_a_letter_off(line)
            if (head_end is not None and f"PHÓ {head_end}" in SIGNER_TITLES and below is not None
                    and _deputy_reading(below, head_end)):  # fmt: skip
                found["signing_authority"] = _field("KT.", 0.6, line)
                return index
            continue
        token, head = authority
        token = token.rstrip(".,:;").translate(_PREFIX_LOOKALIKES) or token  # "T:", "11." (TL.)
        # The head's position again below (its "PHÓ" lost: "PC TỊCH"): the head does not sign for itself.
        deputy_below = below is not None and (_deputy_reading(below, head) or _heads_again(below, head))
        # A scrap the seal or the signature left of the prefix ("“k„*. CHỦ TỊCH"): only the deputy's
        # position below tells it (a deputy signs for the head: "KT.").
        if not _capital_prefix(token) or len(token) > 2 or not token.isalnum():
            if deputy_below and not _capital_prefix(token):
                found["signing_authority"] = _field("KT.", 0.6, line)
                return index
            continue
        looks_kt = _letters_apart(token, "KT") == 1 and min(_letters_apart(token, "TM"), _letters_apart(token, "TL")) >= 2
        if looks_kt or deputy_below:
            found["signing_authority"] = _field("KT.", 0.6, line)
            return index
        title_below = _position_read(below) if below is not None else None
        if _letters_apart(token, "TL") <= 1 and title_below is not None and title_below not in (head, f"PHÓ {head}"):
            found["signing_authority"] = _field("TL.", 0.6, line)
            return index
    return None


def _heads_again(line: Line, head: str) -> bool:
    """The line reads as the head's own position, or its end after a scrap ("PC TỊCH")."""
    return _known_title(_without_scraps(line.text))[0] == head or _title_end(line) == head


# Digits a fax or toner makes of a prefix's letters ("11." for TL.).
_PREFIX_LOOKALIKES = str.maketrans("10", "TO")


# The collective bodies whose name stands on a signature block's first line after "TM.".
_COLLECTIVE_NAMES = ("uy ban nhan dan", "hoi dong nhan dan")


def _collective_under_a_seal(lines: Sequence[Line], found: dict[str, ExtractedField]) -> int | None:
    """In a signature block (its layout column), a first line that ends in a collective body's name
    after scraps of a prefix is "TM." + that body, whatever the seal left of either ("m®“ ỦY BAN NHÂN
    DÂN", "TA mà 1V BAN NHÂN DÂN"): Decree 30/2020 (Art. 13) puts such a name there after TM. The
    name with nothing before it stays unexplained (a header's line misplaced is no closing). Low
    certainty, for a clerk to confirm; the index of the line, else None."""
    index, line = next(((i, line) for i, line in enumerate(lines) if any(ch.isalpha() for ch in line.text)), (None, None))
    if index is None or line is None:
        return None
    words = folded_letters(line.text).split()
    for name in _COLLECTIVE_NAMES:
        end = name.split()[1:]  # "BAN NHÂN DÂN": the seal often takes "ỦY"
        before = len(words) - len(end)
        if words[before:] == end and 2 <= before <= 4:
            found["signing_authority"] = _field("TM.", 0.6, line)
            return index
    return None


def _deputy_title(authority: Line, titles: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    """Under "KT. <head>" the one who signs is the head's deputy (Decree 30/2020, Art. 13): "KT. CHỦ
    TỊCH" is signed by a PHÓ CHỦ TỊCH. When the position line was lost, smudged by the seal past
    recognition ("P4, .YỦ TỊCH") or read as the head's own ("^HỦ TỊCH": PHÓ under the seal), that is
    the title, given low certainty for a clerk to confirm. A known position read clearly is kept."""
    parsed = _head_title(authority, any_prefix=True)  # KT. known already, its prefix maybe a scrap ("Kw")
    read = found.get("signer_title")
    if parsed is None or (read is not None and read.value != parsed[1] and read.confidence >= 0.8):
        return  # read as a known position (the deputy's, or another the office uses): kept
    head = parsed[1]
    found["signer_title"] = _field(f"PHÓ {head}", 0.6, titles[0] if titles else authority)

_TITLE_OF_LETTERS = dict(SIGNER_TITLES_FOLDED)


def _known_title(read: str) -> tuple[str, float]:
    """A position as printed: OCR drops tone marks on capitals ("PHO CHỦ TỊCH", "TƯ PHAP") and
    smudges a letter ("HÄNH VĂN PHÒNG") or reads an H as II ("CIIỦ TỊCH"); a reading within one or
    two letters of a known title is that title. Anything else is kept as read, less certain."""
    best, score, ends_alike = None, 0.0, False
    # A serif H's two stems read as "II" inside a word ("CIIỦ TỊCH"): no position holds a II. The
    # reading as it is first, so a tie goes to it.
    as_read = folded_letters(read)
    for folded in dict.fromkeys((as_read, folded_letters(_H_AS_II.sub("H", read)))):
        for candidate, title in SIGNER_TITLES_FOLDED:
            ratio = fuzz.ratio(folded, candidate)
            if ratio > score:
                best, score, ends_alike = title, ratio, _same_last_word(folded, candidate)
    if best is not None and score >= 88:
        return best, 0.9 if as_read in _TITLE_OF_LETTERS else 0.8
    if best is not None and score >= SMUDGED_TITLE_RATIO and ends_alike and not _reads_as_words(read):
        return best, 0.6  # "CÑIỦ TỊCH": smudged, but its last word read whole; for a clerk to confirm
    return read, 0.7


# A position line a seal or a fax smudged further ("TEUMẺNG PHÒNG", "NR/ƑỞNG PHÒNG", "CÑIỦ TỊCH",
# "NGUƯULKÝ TRÍCH LỤC": 80-83 against their titles; seeds 9 and 13) is that title when its last word
# was read whole and the rest is no Vietnamese: a position outside the list read clearly ("THỨ
# TRƯỞNG", 80 against CỤC TRƯỞNG) stays as read.
SMUDGED_TITLE_RATIO = 78


def _same_last_word(folded: str, candidate: str) -> bool:
    return folded.rsplit(" ", 1)[-1] == candidate.rsplit(" ", 1)[-1]


def _reads_as_words(text: str) -> bool:
    return all(is_syllable(word) for word in _without_scraps(text).split())


_H_AS_II = re.compile(r"(?<=[^\W\d_])II|II(?=[^\W\d_])")


def _title_under_a_seal(lines: Sequence[Line], name_line: Line | None, found: dict[str, ExtractedField]) -> None:
    """The seal stamped over the signature smudges the position line ("v RƯỜNG PHONG", "“ 2HU TỊCH"):
    in the signer block, above the name, a line whose capitals read within a letter or two of a
    known position is that position, given low certainty so a clerk confirms it; failing that, a
    line whose capitals are only the end of known positions (".' TỊCH": the seal took "CHỦ") is the
    shortest of them, less certain still (a deputy's "PHÓ" comes from the authority, see
    ``_deputy_title``)."""
    above_the_name = list(itertools.takewhile(lambda line: line is not name_line, lines))
    for reading, certainty in ((_smudged_title, 0.6), (_letter_off_line, 0.6), (_title_end, 0.5)):
        for line in above_the_name:
            title = reading(line)
            if title is not None:
                found["signer_title"] = _field(title, certainty, line)
                return


def _letter_off_line(line: Line) -> str | None:
    return _title_a_letter_off(_without_scraps(line.text))


# The last words of the known positions, four letters or more, longest first ("PHÒNG", "TỊCH", ...).
_TITLES_LAST_WORDS = sorted({title.split()[-1] for _, title in SIGNER_TITLES_FOLDED if len(title.split()[-1]) >= 4}, key=len, reverse=True)


def _title_end(line: Line) -> str | None:
    """The shortest known position that ends in the line's capitals (four letters at least), else None.
    Scraps of the seal before them, no syllable ("f#' TỊCH", "hJ TỊCH", "ftazỦ TỊCH": the seal took
    "CHỦ"), are no part of the line."""
    words = _without_scraps(line.text).split()

    def letters(word: str) -> str:
        return re.sub(r"\W", "", word)

    # A lone letter before them is a scrap too, the seal's rest of a word ("U TỊCH": samples/real's
    # ct-08-2018, "CHỦ" read as its U alone); no position's first word is one letter.
    # So is a word in small letters ("'trỷ TỊCH", seed 63's fax 038: "CHỦ" under the seal's arc read
    # as a syllable in small letters): a position is written in capitals.
    while len(words) > 1 and (len(letters(words[0])) <= 1 or not is_syllable(letters(words[0]).lower())
                              or not any(ch.isupper() for ch in words[0])):  # fmt: skip
        words.pop(0)
    if len(words) == 1 and not is_syllable(letters(words[0]).lower()):
        # The seal's scraps run into the title's last word ("®WÖTỊCH", seed 63's fax 038): that word.
        words = [next((last for last in _TITLES_LAST_WORDS if words[0].endswith(last) and words[0] != last), words[0])]
    capitals = [w for w in words if sum(ch.isupper() for ch in w) >= 2]
    folded = folded_letters(" ".join(capitals))
    if len(folded.replace(" ", "")) < 4 or len(capitals) != len(words):
        return None
    ending = [title for candidate, title in SIGNER_TITLES_FOLDED if candidate != folded and candidate.endswith(" " + folded)]
    return min(ending, key=len) if ending else None


def _smudged_title(line: Line) -> str | None:
    """The known position a line's capitals read as within a letter or two ("về “TƯỞNG PHÒNG" →
    TRƯỞNG PHÒNG: a seal's ring cut the R, a scrap of it read as a word), else None."""
    capitals = [w for w in _without_scraps(line.text).split() if sum(ch.isupper() for ch in w) >= 2]
    folded = folded_letters(" ".join(capitals))
    if len(folded) < 6:
        return None
    for candidate, title in SIGNER_TITLES_FOLDED:
        if fuzz.ratio(folded, candidate) >= 85:
            return title
    ratio, ending_alike = max(((fuzz.ratio(folded, candidate), title) for candidate, title in SIGNER_TITLES_FOLDED
                               if _same_last_word(folded, candidate)), default=(0.0, ""))  # fmt: skip
    return ending_alike if ratio >= SMUDGED_TITLE_RATIO and not _reads_as_words(" ".join(capitals)) else None


# Capitalised words that start the next label on a line, never part of a name.
_NOT_NAME = {
    "số", "cccd", "cmnd", "sinh", "giới", "năm", "ngày", "nơi", "địa", "mã", "điện", "hộ",
    "thường", "chỗ", "nghề", "tại", "là", "và", "được", "có", "căn", "cư", "trú", "chức", "điều", "ông", "bà",
}  # fmt: skip


def _name_words(words: list[str]) -> list[str]:
    """The name at the start of ``words``: capitalised words up to a label word or a lower-case word."""
    out: list[str] = []
    mixed_case = any(w[1:] != w[1:].upper() for w in words[:2] if len(w) > 1)
    for index, word in enumerate(words):
        pair = " ".join(words[index : index + 2]).lower()
        if not word[:1].isupper() or word.lower() in _NOT_NAME or pair in ("quốc tịch", "dân tộc"):
            break
        if mixed_case and len(word) > 2 and sum(ch.isupper() for ch in word[1:]) >= 2:
            # An acronym (CCCD) after a name printed in title case, or a title in capitals read
            # with a letter small: a photocopy's recipients line run into the signer's title ("Ông
            # (bà) Vương M CHAjNH VĂN PHÒNG", seed 63's 037); no name's syllable has two capitals.
            break
        out.append(word)
    return out


# Small letters a print's capitals look like, only larger: OCR reads one for the other ("khúc").
_CAPITAL_ALIKE = frozenset("ckosuvwxzôơư")


def _surname_raised(text: str) -> str | None:
    """A name of three or four words whose first, a syllable, was read in small letters though its
    first letter's capital has the same shape ("khúc Kim Tiến": seed 43's folded 046, where the name
    was then taken from "úc" on), with that letter a capital, when it is a name's syllable ("ký Văn
    An", a signature's label before the name, stays); None for any other line."""
    first, *rest = text.split() or [""]
    if not (2 <= len(rest) <= 3 and first[:1] in _CAPITAL_ALIKE and first.isalpha() and first.islower()):
        return None
    raised = " ".join([first[0].upper() + first[1:], *rest])
    if normalize(first) not in name_syllables() and first[0].upper() + first[1:] not in SURNAMES:
        return None
    return raised if all(w[:1].isupper() and w[1:].islower() for w in rest) and re.fullmatch(_NAME, raised) else None


def _given_name_raised(text: str) -> str | None:
    """A name of three or four words, a known surname first, one later word a name's syllable read in
    small letters ("Thái Xuân luân", seed 59's photocopy 037), with that word's first letter a
    capital; None for any other line."""
    first, *rest = text.split() or [""]
    small = [i for i, word in enumerate(rest) if word.islower()]
    if not (2 <= len(rest) <= 3 and first in SURNAMES and len(small) == 1 and normalize(rest[small[0]]) in name_syllables()):
        return None
    raised = " ".join([first, *(w[0].upper() + w[1:] if i == small[0] else w for i, w in enumerate(rest))])
    return raised if re.fullmatch(_NAME, raised) and all(w[1:].islower() for w in raised.split()) else None


def _without_scraps(text: str) -> str:
    """A signer-block line without the marks a signature stroke leaves at its ends ('`" ...)."""
    words = text.split()
    while words and not any(ch.isalpha() for ch in words[0]):
        words.pop(0)
    while words and not any(ch.isalpha() for ch in words[-1]):
        words.pop()
    return re.sub(r"^[\W_]+|(?:[^\w.]|_)+$", "", " ".join(words)).strip(" .,")  # "_~KT.": "_" is no letter


_POSITION = re.compile(r"(chu tich|giam doc|truong (phong|ban|bo phan)|nguoi (tiep nhan|ky)|can bo|cong chuc|thu truong)")


def _mostly_capitals(text: str) -> bool:
    """Whether 60% of the text's letters at least are capitals (all, when it has none): an
    agency's name or a type's title as printed, a letter or two read small."""
    return sum(ch.isupper() for ch in text) >= 0.6 * sum(ch.isalpha() for ch in text)


def _caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


_CAPS_WORD = re.compile(r"[A-ZÀ-ỸĐ]{2,}[.,]?")  # a position's word in capitals, a stop or comma after it


def _caps_words(text: str) -> list[str]:
    """The capitalised words of a position line, up to the first scrap of signature or seal."""
    out, words, skipped = [], text.split(), False
    for index, word in enumerate(words):
        if word == "-" or _CAPS_WORD.fullmatch(word) or _one_letter_small(word):
            out.append(word.rstrip(".,").upper())
        elif out and not skipped and re.search(r"[\d\W_]", word) and _caps_run(words[index + 1 : index + 3]):
            skipped = True  # a word a fax smudged into figures and signs, a position's words on after it
        else:
            break
    # Scraps of a signature read as capitals ("SV", "XÀ") trail the line: words of positions don't.
    while out and (out[-1] == "-" or fold(out[-1]) not in _POSITION_WORDS):
        out.pop()
    return out


def _caps_run(words: list[str]) -> bool:
    """Two words of a position in capitals ("CÔNG viH12E` TƯ PHÁP": what follows the smudge)."""
    return len(words) == 2 and all(_CAPS_WORD.fullmatch(w) and fold(w.rstrip(".,")) in _POSITION_WORDS for w in words)


def _one_letter_small(word: str) -> bool:
    """A capitalised word of three letters or more with one read in lower case ("vĂN", "PHÒnG")."""
    letters = word.rstrip(".,")
    return len(letters) >= 3 and letters.isalpha() and sum(ch.islower() for ch in letters) == 1


_POSITION_WORDS = set(
    ["chu", "tich", "pho", "giam", "doc", "truong", "phong", "ban", "bo", "phan", "cong", "chuc", "tu", "phap", "ho", "tich", "nguoi", "tiep", "nhan", "ky", "chanh", "van", "thu", "ky", "can", "dia", "chinh", "xay", "dung", "hoa", "ke", "toan", "thanh", "tra", "quyen", "tong", "cuc", "vu", "vien", "uy", "nhan", "dan", "tm", "kt", "tl", "tuq", "q", "mot", "cua", "quan", "ly", "hanh", "tai", "nguyen", "moi", "truong", "kinh", "te", "ha", "tang", "do", "thi", "lao", "dong", "thuong", "binh", "y", "te", "giao", "duc", "dao", "tao", "noi", "cong", "an", "quoc", "phong", "tuyen",
     # "NGƯỜI KÝ TRÍCH LỤC", "NGƯỜI KÝ GIẤY XÁC NHẬN": the signers of civil-status results
     "trich", "luc", "giay", "xac"]
)


# The surnames that cover nearly everyone (a closed set), to undo OCR's tone slips on them.
SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Trịnh", "Đoàn", "Lương", "Đào", "Cao", "Hà", "Tạ", "Chu",
    "Tô", "Quách", "Lưu", "Kiều", "Triệu", "Thái", "Vương", "Châu", "Tăng", "Lục", "Hứa", "Từ",
    # Less common, each its letters alone among them ("Phùng" was read, and stored, as "Phụng": a
    # Deputy Chief of Office's name on three of samples/real's published results).
    "Phùng", "Tống", "Đàm", "Khúc", "Mạc", "Ninh", "Giang", "Kim", "Nông", "Diệp", "Thân", "Bạch", "Tôn",
    "Khổng", "Nghiêm",
]  # fmt: skip
_SURNAME_BY_FOLD = {fold(name): name for name in SURNAMES}
# Other surnames Vietnamese bear (Wikipedia, "Họ người Việt Nam"), some spelled alike but for their
# marks ("La", "Lã"): not used to undo tone slips, only to know a surname. A signer's name opening on
# no surname ("Thất Trọng Trinh" for Thái, at 0.75: fresh seed 125's photocopy 008) is a misreading
# stored as sure: as sure as UNKNOWN_SURNAME_CERTAINTY at most, for a clerk.
OTHER_SURNAMES = frozenset([
    "An", "Âu", "Bế", "Cù", "Chung", "Doãn", "Đồng", "Hàn", "Hầu", "Kha", "Khương", "La", "Lã", "Lạc", "Lại", "Liêu", "Lò", "Mã",
    "Mông", "Ông", "Phí", "Phó", "Quan", "Thạch", "Thiều", "Tiêu", "Văn", "Vi", "Viên", "Yên", "Lỗ", "Lữ", "Sầm", "Cấn", "Cầm",
    "Đậu", "Đèo", "Hạ", "Ma", "Nhữ", "Quang", "Tòng", "Trang", "Ứng",
])  # fmt: skip
UNKNOWN_SURNAME_CERTAINTY = 0.6


def _a_surname(word: str) -> bool:
    """Whether ``word`` is a surname Vietnamese bear (``SURNAMES``, ``OTHER_SURNAMES``)."""
    return word in SURNAMES or word in OTHER_SURNAMES


def _name_under_a_lost_title(lines: Sequence[Line]) -> Line | None:
    """A page without layout whose signature block was read as a scrap and a name (a phone photo's
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" under a seal read "Kf", then "Hà Ánh Lực": seed 63's 019): its
    last line, a name of three or four words from a known surname, under a line of a few letters
    that makes no syllable. Any other page's last lines give no signer."""
    texts = [line for line in lines if any(ch.isalpha() for ch in line.text)]
    if len(texts) < 2:
        return None
    scrap, last = _without_scraps(texts[-2].text), texts[-1]
    name = _without_scraps(last.text)
    words = name.split()
    if not (re.fullmatch(_NAME, name) and 3 <= len(words) <= 4 and words[0] in SURNAMES):
        return None
    if sum(ch.isalpha() for ch in scrap) > 4 or any(len(w) >= 2 and is_syllable(w) for w in scrap.split()):
        return None
    return Line(name, last.page, last.box, last.confidence)


def _name_among_scraps(lines: Sequence[Line]) -> Line | None:
    """The signer's name on a line a signature or seal filled with scraps ("ì N. ` '( số Ế ¡:È ^ Mạc
    Tường Ngoạn. ¿ s` Cha"): the one run of three or four title-case words on the line, each a
    Vietnamese syllable of two letters or more; the name alone, as a line of its own, less certain."""
    for line in lines:
        found = [m.group("name") for m in re.finditer(_NAME, line.text)
                 if 3 <= len(words := m.group("name").split()) <= 4 and all(len(w) >= 2 and is_syllable(w) for w in words)]  # fmt: skip
        if len(found) == 1:
            return Line(found[0], line.page, line.box, line.confidence * 0.7)
    return None


def _repair_surname(name: str) -> str:
    """'Đỉnh Đức Đông' -> 'Đinh Đức Đông': a first word that folds to exactly one known surname.
    The middle and given names' syllables likewise (``_name_syllable``)."""
    words = name.split()
    if words and words[0] not in SURNAMES:
        known = _SURNAME_BY_FOLD.get(fold(words[0]))
        if known and len(words[0]) == len(known):
            words[0] = known
        elif known is None:  # a surname the list lacks, read a slip off a name's syllable ("Tên" for Tôn)
            words[0] = _name_syllable(words[0])
    return " ".join(words[:1] + [_name_syllable(word) for word in words[1:]])


def _name_syllable(word: str) -> str:
    """A middle or given name's syllable no name has, read with a vowel twice ("HữỮu"), a ngã as a
    diaeresis ("Vÿ"), a sắc for a hỏi ("Uyến") or for a huyền ("Hiều"), a vowel's shape lost ("Khác")
    or a letter lost ("Phươn"): the name's syllable it was read from, else as read."""
    known = name_syllables()
    if not known or word.lower() in known or word.lower() in _UNLISTED_NAME_SYLLABLES:
        return word
    twice = re.sub(r"(.)(?=(.))", lambda m: "" if m.group(1).lower() == m.group(2).lower() and m.group(1).isalpha() else m.group(1), word)
    decomposed = unicodedata.normalize("NFD", word.lower())
    # A vowel read twice; a ngã read as a diaeresis ("Vÿ", no Vietnamese letter); a sắc and a hỏi
    # taken for each other ("Uyến" for Uyển), the commonest slip between two tones, or a sắc and a
    # huyền ("Hiều" for Hiếu).
    for candidate in (twice.lower(), decomposed.replace("\u0308", "\u0303"),
                      decomposed.translate({0x301: 0x309, 0x309: 0x301}), decomposed.translate({0x301: 0x300, 0x300: 0x301})):  # fmt: skip
        candidate = unicodedata.normalize("NFC", candidate)
        if candidate != word.lower() and candidate in known:
            return candidate[:1].upper() + candidate[1:]
    # An i's dot read as a hỏi or a sắc ("Trỉnh" for Trinh, seed 61's fax 045, seed 43's photocopy 037).
    dotless = [text for text in dot_of_the_i(word) if text.lower() in known]
    if len(dotless) == 1:
        return dotless[0]
    # The letters and the tone right, a vowel's hat lost and the tone on the other vowel ("Tụe" for
    # Tuệ, seed 59's photocopies 030 and 051): the one name's syllable of those letters and that tone.
    if not word.isascii():
        same = [k for k in _names_by_letters().get(fold(word), ()) if _tone(k) == _tone(decomposed)]
        if len(same) == 1:
            return same[0][:1].upper() + same[0][1:]
    # A vowel's hat, breve or horn lost ("Khác" for Khắc), or lost with its sắc read as a hỏi, the
    # two run together ("Thảm" for Thắm, seed 63's low-resolution 063), when that makes one name's
    # syllable only; a word read with no mark at all ("Tien") may have lost its tone too, and is left.
    shaped = set() if word.isascii() else {unicodedata.normalize("NFC", (decomposed[: i + 1] + mark + decomposed[i + 1 :]).replace(*tone))
              for i, letter in enumerate(decomposed) if letter in _SHAPES and decomposed[i + 1 : i + 2] not in _SHAPE_MARKS
              for mark in _SHAPES[letter] for tone in (("", ""), ("\u0309", "\u0301"))}  # fmt: skip
    found = [candidate for candidate in shaped if candidate in known]
    if len(found) == 1:
        return found[0][:1].upper() + found[0][1:]
    # Any other tone, or none ("Luẫn" for Luân), or an ô's hat read on an e's bowl or the reverse
    # ("Tên" for Tôn), when that makes one name's syllable only ("Trỉnh", Trinh or Trình, stays).
    if not word.isascii():
        for others in (other_tones(word.lower()), hat_on_the_other_bowl(word.lower())):
            fitting = {normalize(other) for other in others} & known
            if len(fitting) == 1:
                one = fitting.pop()
                return one[:1].upper() + one[1:]
    # A letter lost ("Phươn" for Phương), three letters read or more, when one name's syllable only
    # is the reading with a letter more ("Trin" may be Trinh or Triển, and stays).
    lost = [] if len(word) < 3 else [k for k in known if len(k) == len(word) + 1 and Levenshtein.distance(word.lower(), k) == 1]
    if len(lost) == 1:
        return lost[0][:1].upper() + lost[0][1:]
    return word  # a name the list lacks ("Tám") is no slip: no other syllable is put for it


@lru_cache(maxsize=1)
def _names_by_letters() -> dict[str, tuple[str, ...]]:
    """Names' syllables by their folded letters ("tue": tuế, tuệ)."""
    found: dict[str, list[str]] = {}
    for syllable in name_syllables():
        found.setdefault(fold(syllable), []).append(syllable)
    return {letters: tuple(sorted(syllables)) for letters, syllables in found.items()}


def _tone(syllable: str) -> str:
    """A syllable's tone mark (NFD's combining mark), "" for ngang."""
    return next((mark for mark in unicodedata.normalize("NFD", syllable) if mark in TONE_MARKS), "")


# Names' syllables the names list (vn-fullname-generator) lacks: "Thị", women's commonest middle name
# (read "Thị", it is no slip of "Thi").
_UNLISTED_NAME_SYLLABLES = frozenset({"thị"})


_SHAPE_MARKS = ("\u0302", "\u0306", "\u031b")  # hat, breve, horn
_SHAPES = {"a": ("\u0302", "\u0306"), "e": ("\u0302",), "o": ("\u0302", "\u031b"), "u": ("\u031b",)}


def _title_case(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:].lower() for word in name.split())


# People are as sure as the least sure word of their names, NAME_WORD_SHARE of it, not the first
# name's line alone: a given name's tone misread ("Lưu Thể Thắm" for Thế, "Kiều Trọng Yên" for Yến,
# "La Đình Trình" for Trinh) was stored as sure (0.70-0.78), its word read at 42-73 in lines of
# surer words. The twelve tuning seeds (768 documents), with the syllables' rule below: people
# wrong but sure 13 -> 2 ("Ninh Nhật Hiểu", its words read at 87 or more); right lists sent to a
# clerk 5 -> 40 (NAME_WORD_SHARE 0.95: 4 and 33; 1.0: 6 and 28; 0.85: 2 and 57). Not the signer:
# under a seal and a signature its name reads less surely, right (six more to a clerk for one
# wrong caught, on five of the seeds).
NAME_WORD_SHARE = 0.9

# A person named twice on the page, read with other marks the second time ("Mạc Ảnh Sương" in the
# body, "Mạc Anh Sương" among the recipients, for Ánh: tuning seed 139's photocopied notice 037,
# stored as sure at 0.77): which reading the paper bears is for a clerk to say; the people are as
# sure as NAME_READ_OTHERWISE_CERTAINTY at most.
NAME_READ_OTHERWISE_CERTAINTY = 0.6


def _people(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    people: list[str] = []
    weakest: dict[str, float] = {}
    mixed: set[str] = set()
    doubted: set[str] = set()  # a name read again on the page with other marks
    first_line: Line | None = None
    signer = fold(found["signer"].value) if "signer" in found else None
    for line in lines:
        # A bracket or a bar read glued before a name's word ("Châu [Diệu Duyên", seed 123's phone
        # 026): a space, the line's length kept for its words' confidences.
        text = _MARK_BEFORE_A_CAPITAL.sub(lambda mark: " " * len(mark.group()), line.text)
        for index, pattern in enumerate(_PERSON_PATTERNS):
            for match in pattern.finditer(text):
                name_words = _name_words(match.group("name").split())
                if name_words and ((len(name_words) >= 4 and len(name_words[-1]) == 1) or not _has_a_vowel(name_words[-1])):
                    # A rule or a smudge at the line's end read as a letter; a lone consonant, the
                    # start of a syllable cut off there ("Vương M"), is no name's syllable.
                    name_words = name_words[:-1]
                if len(name_words) < 2:
                    continue
                name = _repair_surname(_title_case(" ".join(name_words)))
                # The signer named in the text ("ông …") is not a person the result is about; one a
                # form names ("Chủ hộ kinh doanh: …") is, even when the same person signs.
                # A name already found, or the first words of one: words, not letters ("Hà Gia An"
                # is not "Hà Gia Anh").
                if (index < 2 and fold(name) == signer) or any(f"{fold(p)} ".startswith(f"{fold(name)} ") for p in people):
                    doubted.update(p for p in people if _marked_otherwise(name, p))
                    continue
                # A longer reading of a name already found replaces it ("Dương Mỹ" -> "Dương Mỹ Hương").
                people = [p for p in people if not fold(name).startswith(fold(p) + " ")]
                people.append(name)
                if not _written_one_way(" ".join(name_words)):
                    mixed.add(name)  # title-cased above: read part in capitals, part not ("Mạc Thủy VỆ")
                first_line = first_line or line
                weakest[name] = line.weakest_word_in(match.start("name"), match.start("name") + len(" ".join(name_words)))
    people = _without_misreadings(people)
    if people and first_line is not None:
        found["people"] = _field(people, 0.85, first_line).at_most(NAME_WORD_SHARE * min(weakest.get(name, 1.0) for name in people))
        if mixed.intersection(people):
            found["people"] = replace(found["people"], confidence=round(found["people"].confidence * UNKNOWN_WORD_CERTAINTY, 3))
        if doubted.intersection(people):
            found["people"] = found["people"].at_most(NAME_READ_OTHERWISE_CERTAINTY)


def _marked_otherwise(name: str, other: str) -> bool:
    """Whether ``name`` is ``other``, or its first words, read with other marks ("Mạc Anh Sương" and
    "Mạc Ảnh Sương"): the same letters, not the same syllables."""
    words, others = name.lower().split(), other.lower().split()
    return len(words) <= len(others) and words != others[: len(words)] and [fold(w) for w in words] == [fold(w) for w in others[: len(words)]]


_MARK_BEFORE_A_CAPITAL = re.compile(r"(?<=\s)[\[\]|{}]+(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])")


def _has_a_vowel(word: str) -> bool:
    """Whether ``word`` holds a vowel, as every syllable does."""
    return any(fold(ch) in "aeiouy" for ch in word)


def _without_misreadings(people: list[str]) -> list[str]:
    """The people less a name read twice, once with a syllable no name has: "Châu Tười Lực" beside
    "Châu Tường Lực" (seed 61's photocopy 044) is the same person. Two names a syllable apart that are
    both names' syllables are two people (a father "Hà Gia An", his son "Hà Gia Anh")."""
    known = name_syllables()
    if not known:
        return people

    def misread_of(name: str, other: str) -> bool:
        # The same length, or the start of a longer name ("Trinlg Khắc" beside "Trịnh Khắc Sương",
        # seed 67's photocopy 044: the line's end lost): one syllable no name has, read for one.
        # Two syllables apart where one read is no syllable at all ("Thi Thế Thhâes" beside "Thái
        # Thế Thắm", seed 43's phone 005): each the other's a letter or two off, three for no syllable.
        words, others = name.lower().split(), other.lower().split()
        apart = [(a, b) for a, b in zip(words, others, strict=False) if a != b]
        garbled = any(not is_syllable(a) for a, _ in apart) and all(is_syllable(b) for _, b in apart)
        return (len(words) <= len(others) and 0 < len(apart) <= (2 if garbled else 1)
                and all(a not in known or garbled for a, _ in apart)
                and all(b in known or b.capitalize() in SURNAMES for _, b in apart)
                and all(Levenshtein.distance(fold(a), fold(b)) <= (2 if is_syllable(a) else 3) for a, b in apart))  # fmt: skip

    return [name for name in people if not any(misread_of(name, other) for other in people if other != name)]


@dataclass(frozen=True, slots=True)
class _WrappedNumber:
    """An identity number's first groups ending a line after its label (``_ID_RUN_TAIL``)."""

    digits: str
    sure: float  # the least confidence of the words holding them
    line: Line
    nine_allowed: bool  # under an old identity card's label: nine digits may be all of it


# An identity number is as sure as the least sure word its figures were read in, not its line's
# mean: on tuning seeds 63, 61 and 67 the two wrong ones were read at 46 and 60 (one stored as sure,
# 0.70), the 116 words holding right ones at 86 or more but two photocopies' (3, 69).
def _identifiers(lines: Sequence[Line], found: dict[str, ExtractedField]) -> None:
    ids: list[str] = []
    id_line: Line | None = None
    weakest = 1.0
    text_so_far = ""
    tail: _WrappedNumber | None = None  # a number's first groups ending the line before
    for line in lines:
        folded = fold(line.text)
        head = _ID_RUN_HEAD.match(line.text)
        if tail is not None and head is not None:
            digits = tail.digits + digits_only(head.group(1))
            valid = (len(digits) == 12 and valid_cccd(digits)) or (tail.nine_allowed and len(digits) == 9 and valid_cmnd(digits))
            if valid and digits not in ids:
                ids.append(digits)
                id_line = id_line or tail.line
                weakest = min(weakest, tail.sure, line.weakest_word_in(head.start(1), head.end(1)))
        tail = None
        for match in _ID_RUN.finditer(line.text):
            digits = digits_only(re.sub(_ID_GAP_MARKS, "", match.group(1)))
            window = (text_so_far[-40:] + " " + folded[: match.start()])[-70:]
            labels = _ID_LABEL.findall(window)
            if not labels:
                continue  # a bare 12-digit run may be a phone or tax number
            # Only an old identity card (CMND) has 9 digits: under a citizen identity card's or a
            # personal identification number's label, 9 digits are a 12-digit number misread.
            nine_allowed = labels[-1] in ("cmnd", "chung minh", "ho chieu")
            valid = (len(digits) == 12 and valid_cccd(digits)) or (nine_allowed and len(digits) == 9 and valid_cmnd(digits))
            if valid and digits not in ids:
                ids.append(digits)
                id_line = id_line or line
                weakest = min(weakest, line.weakest_word_in(match.start(1), match.end(1)))
        ending = _ID_RUN_TAIL.search(line.text)
        if ending is not None and (labels := _ID_LABEL.findall(folded[max(0, ending.start() - 40) : ending.start()])):
            # Its label just before it: the rest of the number opens the next line.
            tail = _WrappedNumber(digits_only(ending.group(1)), line.weakest_word_in(ending.start(1), ending.end(1)), line,
                                  labels[-1] in ("cmnd", "chung minh", "ho chieu"))  # fmt: skip
        text_so_far = folded
        if "dossier_code" not in found and (code := DOSSIER_CODE.search(line.text)):
            found["dossier_code"] = _field(code.group(1), 0.95, line)
        if "household_business_code" not in found and "ho kinh doanh" in folded and (code := HOUSEHOLD_BUSINESS_CODE.search(line.text)):
            found["household_business_code"] = _field(code.group(1), 0.9, line)
        label_at = folded.find("ma so thue")
        if "tax_code" not in found and label_at >= 0 and (code := TAX_CODE.search(line.text, label_at)):
            found["tax_code"] = _field(code.group(1), 0.9, line)  # the number after its label
        if "procedure" not in found and folded.startswith("thu tuc"):
            procedure = re.sub(r"^\W*Thủ tục\s*:?\s*", "", line.text).strip()
            procedure_code = PROCEDURE_CODE.search(procedure)
            procedure = re.sub(r"\s*\(mã thủ tục[^)]*\)\s*$", "", procedure)
            found["procedure"] = _field(procedure, 0.8, line)
            if procedure_code:
                found["procedure_code"] = _field(procedure_code.group(1), 0.9, line)
        if "linh vuc" in folded and "field" not in found:
            found["field"] = _field(re.sub(r"^.*?[Ll]ĩnh vực\s*:?\s*", "", line.text).strip(), 0.7, line)
        for label, name in (("nhan ho so", "received_date"), ("tra ket qua", "due_date")):
            if label in folded and name not in found and (numeric := _NUMERIC_DATE.search(line.text)):
                day = _valid_date(int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3)))
                if day is not None:
                    found[name] = _field(day.isoformat(), 0.85, line)
    if ids and id_line is not None:
        found["id_numbers"] = _field(ids, 0.9, id_line).at_most(0.9 * weakest)


def metadata_record(found: dict[str, ExtractedField]) -> dict[str, Any]:
    """The export contract's metadata, then the extra fields: null or [] when not found."""
    record: dict[str, Any] = {}
    for name in EXPORT_FIELDS + EXTRA_FIELDS:
        record[name] = found[name].value if name in found else ([] if name in LIST_FIELDS else None)
    return record


def evidence_record(found: dict[str, ExtractedField]) -> dict[str, dict[str, Any]]:
    """Confidence, page and box of each field found."""
    return {name: {k: v for k, v in asdict(item).items() if k != "value"} for name, item in found.items()}
