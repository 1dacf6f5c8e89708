"""Stage ``recognize``: every page of a stored document rasterized, cleaned and read, across the cores.

Reads the documents' originals (from the store, by SHA-256); writes one page record per page (text,
word boxes with confidences, layout regions, the page image's key) together with the runs of its
steps (rasterize, clean, ocr, and the decisions worth an admin's eye), in one transaction, then the
document's state. A page is done when it carries the fingerprint of what made it: this stage's
version, the engine, the model and the settings for a page read by OCR; the text layer's version
for a PDF page whose own text was taken (so a new OCR version reads scanned pages again and leaves
those alone). A killed run resumes per page; under a pool claim a page is stored only while the
claim holds. ``warm_up`` gives the workers their pages before the flow starts (``sohoa ingest``:
while Prefect is imported); the stage takes what they read and saves it as its own.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from ocr.tesseract import FIGURES_LANGUAGE, engine_version, model_signature
from pipeline.catalog import Catalog, ClaimLostError, DocumentRow, DocumentState, PageRow, StageRun, utc_now
from pipeline.errors import ErrorClass, ended_by
from pipeline.pages import TEXT_LAYER_VERSION, PageJob, PageResult, init_worker, process_page, ready
from pipeline.progress import progress
from pipeline.settings import Settings, fingerprint
from pipeline.stages.contract import Stage
from pipeline.storage import OriginalStore, Storage, StorageUnavailableError, page_image_key

# The version: bump when rasterize/clean/recognize code changes what it produces (OCR'd pages are redone).
# 145: a line of one word read unsure as no syllable read again alone; a short line read alone without the marks of the line under it; a quarter read "IV" never counted "II"; a table's marks read again with its figures before stray marks go; an office's abbreviation ("VT") a word of a line read again where its region's reading left it out; a toner page's dropped number line with a mark after its slash read alone enlarged and from the page as cleaned, kept with its slash lost before a known symbol; an article cited within a line spelled "Điều";
# 144: a photocopier's band of toner along the sheet's top read as a region of its own, not the header's first rows; a scrap of the motto's rule beside the agency's last line ends no header; a darkest-ink page's date line cut short completed from that ink read alone;
# 143: a number's line whose symbol opens with a figure kept ("Số 4329/1B-UĐBND"); a header line of a number's shape read alone where no line opens as a number's; "giải quyết hồ sơ" a phrase;
# 142: a header's date line beginning within 2 mm of the agency's smear kept in its column; a title across the channel ends no tail; a line with a month's word and a sure year, or in capitals a letter off a type's name, or spelling the motto or the country's name, kept;
# 141: a header's row run across its columns' channel cut there; a row's columns a little over those of one row above kept;
# 140: a photocopy's number line dropped as noise from its darkest ink's lines, read alone from that ink whole;
# 139: a date line's year the page cut short ("năm 20") completed from a reading alone whose year begins with it;
# 138: a word read alone kept unless level with a word of the line beside (Tesseract stretched its box down);
# 137: a report's standing subject and a procedure's names listed as phrases (spelled when read a letter or mark off);
# 136: a grey field's dots dark in under half their ink, no piece as tall as a letter, no layout (grain);
# 135: a signer's name read as no name (a streak across it) read again alone, the first reading a name taken;
# 134: a result's number line or date line holding no number or no day as read, read again alone, whole;
# 133: a photocopy's mottled network darker than the darkest ink's margin no ink (the valley below it is
#     paper's start); a title line nearer a title of another length left as read (two words read as one);
# 132: a halo page (131) read as it came too however speckled with toner dots (its darkest ink broke its letters);
# 131: a photocopy's dark field with a white halo around each letter divided by its field's level without
#     the halos, the halos white (its headers and numbers read as junk with the field beside the letters);
# 130: a grey field of grain in a margin no column of the layout (its segments none as dark as text, none as
#     tall as a letter; not on a page speckled with toner): a header's two columns were read as one;
# 129: a fold's heights against the page to a fraction of a pixel, smoothed over three strips, and looked for
#     on a page only (not a band of a few lines: a photocopy's three lines were straightened into nothing);
# 128: a date's day or month read under 96 replaced by another the English model reads alike as a line and a raw
#     line, at 80 or more, one reading surer ("06" at 93.6 for an italic "08": 89.4 and 96.3);
# 127: a short line read as junk with its block and as nothing alone read as a block in its band, without specks
#     or not ("£ nắm2020 5" over a subject's underline at 100 dpi: "năm 2020");
# 126: an apostrophe before a name's syllable dropped ("Ninh Phương 'Trinh");
# 125: a line whose capitals run together spell a known position but a letter is kept and read as it
#     ("'TRƯỞỜNG/PHÒNG" under a fax's seal: TRƯỞNG PHÒNG, as unsure as read);
# 124: a fold's lifted band found against the whole page's lines too (a Viterbi path of heights, the page's
#     edges flat), the sharper straightening kept;
# 123: "đề nghị xem xét hồ sơ", "đề nghị phê duyệt hồ sơ" listed phrases (a tờ trình's "bồ sơ" spelled as listed);
# 122: a name alone on its line where a signature block stands read again alone; a word read with other marks,
#     as another name's syllable, both names' ("Vy" / "Vỹ", "Lục" / "Lực"), as sure as 50 at most;
# 121: a result's number typed into its symbol read unsure after "Số:" read again by the English model
#     (a print's "577/QĐ-UBND" at 0: "57/QD-UBND" at 89, its figures taken, the symbol kept);
# 120: a year no paper bears read again by the English model is a guess, as sure as 60 at most;
# 119: "nhà ở" a listed phrase ("cải tạo nhà ớ" spelled as listed);
# 118: garbled lines not read again alone on an enlarged page (a phone's recipients' "~Lưưw VT."
#     read "Lực VT." alone, which the recipients' spelling no longer mends: seed 61's 012);
# 117: what a civil status or residence result registers is a listed phrase ("đăng ký khai sinh":
#     "đâng ký khai sinh" spelled as listed);
# 116: a figure in a word misread read as the letter it looks like, where two syllables a letter
#     off make a word ("bản sa0": sao, not sắc);
# 115: short and garbled lines read again alone on an enlarged page too; a short line's band without
#     the specks read as its words, as a block ("và TÃNH" for a 100 dpi header's wrapped "LÃNH");
# 114: an authority read apart from the rest of its line is not written twice when the line is
#     spelled as its signature block's ("TM. TM. ỦY BAN NHÂN DÂN");
# 113: a garbled line read again by its words of letters alone where its band read nothing (a seal's
#     arc beside "KT. CHỦ TỊCH" on a fax);
# 112: a sheet's edge beside a shadow's corner far above the header no row of it (the header read
#     as one block); a line a streak's blot welded above found again as a line (read nowhere);
# 111: a date's day or month read unsure read again by the English model (an italic "18" read "16"
#     at 78), and a date's year no paper bears ("2032", "3022");
# 110: a photocopy's darkest ink read a second time with the rows Tesseract takes for noise kept, its
#     lines where the first reading read nothing put in their place (libtesseract 5.5 took whole
#     lines crossed by streaks for noise);
# 109: a photocopier's streaks in pieces far above the header no row of it (they made its channel:
#     the motto was cut in two);
# 108: a wrapped line's last word on a line of its own kept with the darkest ink's lines of text
#     (a photocopy's trích yếu read "V/v cấp bản sao trích lục hộ", its "tịch" gone with the toner);
# 107: a header's column 25 to 120 mm wide: a photocopier's grey field beside the header, its grain
#     smeared into short "lines", no column of it (its agency and motto were read line into line),
#     nor a body's paragraph;
# 106: rows all taken as proportional type (Tesseract's textord_all_prop): no fixed-pitch trial,
#     capitals' word boxes closer;
# 105: a line read unsure as a result's number ("Sốx3687/QĐÐ-U ND") kept as text;
# 104: a blank's figures read again as nothing with their label (a day typed in above its line)
#     read again alone, without it;
# 103: a speck's mark read between two words, their space lost ("hô-sơ", "Chấp.thuận"), dropped
#     and the words set apart; a mark no text writes against a word's letters ("¿Quách", "+Về")
#     dropped; "đê" read without its tone, making no known word, "để" but after a dike's part, and
#     "đề" making none before a syllable "để"; the province's bodies named in recipients spelled as
#     listed ("Phụ nữ tính": tỉnh); a figure written in by hand read as a 4 without a crossbar a 1;
# 102: a closing of the last row alone (a piece of the signature's stroke beside the signer's name)
#     no longer ends the look for the closing's columns: the recipients and the block above it read
#     as columns, not with the body line into line; a grey seal whose strokes' cores are much darker
#     than its ink taken off where lighter than halfway to those cores (not its median), any grey
#     seal out to the ring's faint edge; a column of lines set so close that their marks touch,
#     taller than a seal, cut into its lines when segmented again (it was dropped twice, its text
#     read nowhere);
# 101: a result's number and day written in by hand read again with their labels by the English
#     model, allowed the labels' letters and figures ("Số: 0}_ /TTr-UBND" → "Số: 09 /TTr-UBND");
# 100: a hỏi read for a ngã or the reverse in a syllable no word holds ("buỗi làm việc"); a lone em
#     dash between words the en dash typed ("2021 – 2030"); "kỳ thi tốt nghiệp", "đổi tên" among the
#     phrases, and a pair of two syllables whose second makes a word with the next stays as read;
# 99: a small word all but unknown without its tone over the hat ("sô", "vê", "điêu", "miên") takes it;
#     the province's phrases "đẩy nhanh tiến độ", "cổng TTĐT", "cổ phần hóa", "miền núi", "miền Trung";
# 98: a header region whose every line would go as noise read again without its specks, as one read
#     as nothing is (tuning seed 67's photocopy 001 lost its agency and number);
# 97: a tone over a hat read away put back where it alone makes a known word ("phát triên"); "tỉnh"
#     after "UBND", "HĐND", "địa bàn" and before "ủy" among the phrases; a line whose capitals spell a
#     document's title ("_ TỜ TRÌNH l", "CHỈTHỊ") is text, however unsure;
# 96: lines set so close that their marks touch (a Word document's single-spaced subject) cut into
#     lines where the layout dropped them as one piece taller than a seal;
# 95: an item's figure read as a letter ("o.", "S.") after an item numbered in its block the next number;
# 94: a short line read alone as a page's number read surely kept ("z" at 0 in its block: "2" at 97);
# 93: a hỏi over a hat with no tone a speck too ("tiểu biểu");
# 92: a garbled line read alone again black on white where its grey read no better ("- Lưu: VT.");
# 91: a recipients' dash two pixels square (a 70 dpi photo) put back; one read into the line's first
#     word a word again when the line is spelled as a formula ("*Lưự VT." → "- Lưu: VT.");
# 90: the text's end mark read apart joined to its last word ("định ./."); a huyền over a hat with no
#     tone a speck ("người dần"); "người dân", "để trả" among the phrases;
# 89: the laws a result cites among the phrases ("Luật Tổ chức chính quyền địa phương": "Tố" read);
# 88: the recipients' formulas read with junk spelled as listed ("Như ‡eu 4;", "~Lưưw VT."); "Điều"
#     opening an article a mark off ("Điêu 2"); "như" / "Sau:" wrapped alone in small letters;
# 87: the civil status forms' labels among the phrases ("ngày tháng năm sinh", "họ chữ đệm tên", "dân tộc");
# 86: a fraction slash read inside a word written as the slash ("V⁄v");
# 85: a date's figure its crop did not mend read again with its whole line alone (Vietnamese, then English);
# 84: the clerical office's copy read "VTL" (its full stop an L) spelled "VT.";
# 83: a 1 beside other numbers on its line (a table's last column) no sheet's edge;
# 82: a header's row whose left line reaches under the motto, its sides a column's gap apart, read as its tail;
# 81: a grainy page every reading of which proved almost nothing read from its solid pieces of ink;
# 80: a line Tesseract read twice at one place kept once (a folded report's motto);
# 79: a short line's syllable judged without the text's end mark ("định./." at 36 kept);
# 78: a form's label wrapped in its column read before its value ("Họ, chữ đệm, tên người" over "mẹ:");
# 77: a phrase read a letter off by a lone letter no longer spelled (a seal's scrap "x" under "TM. ỦY
# BAN NHÂN DÂN" made "xã", and the signer's title was lost);
# 76: a phrase of the forms of four syllables or more read a letter off spelled as listed ("thủ tục
# pành chính", "Bộ phận Miột cửa"; ocr.language.with_phrases_a_letter_off_spelled);
# 75: a line read mostly as no syllables within its block read again alone, kept when that proves
# more (a clean print's "nươC n"go0aI" under a header's capitals; ocr.recognize
# .with_garbled_lines_read_alone);
# 74: a word read as no syllable, a letter off the one syllable that makes a known word or a
# place's name with its neighbour, spelled as that syllable ("8iái quyết", "dân tộế:"; ocr.language
# .with_misreadings_mended);
# 73: a region read as nothing at all read again black on white without its specks (a photocopy's
# header in a ring of toner specks, a page number alone; ocr.recognize.read_in_order);
# 72: a first reading at 90 or more not read again from the darkest ink for the junk it holds
# (``SURE_READING``: a report's table at 100 dpi or photographed, two readings each; tuning seeds 63,
# 61, 67, 43, 59: no page changed, 2-3 readings fewer a seed, 107-110 left; ocr.recognize);
# 71: a page's darkest ink read whole only when its lines of text alone read surely (``SURE_LINES``),
# after them: the third reading of most photocopies saved (5-6% of a seed's CPU); words wrong on
# seeds 63, 61, 67, 43, 59: 458 → 458, 604 → 594, 381 → 376, 467 → 469, 508 → 508 (ocr.recognize);
# 70: a word standing apart before a signature block's line a scrap only when it has two letters or
# fewer or makes no syllable ("CHÁNH" left apart by the seal's removal, "N PHÒNG" spelled "TRƯỞNG
# PHÒNG": seed 63's fax 009, 1 word wrong → 0; seeds 61, 67, 43, 59: no page changed; ocr.language);
# 69: a short line the noise filter would drop read again alone, kept when a syllable of three letters
# or more is read surely (a fax's "CHỦ TỊCH" cut by the seal's removal, read "CWÚ 7ỊCH" at 36: seed
# 61's fax 059, 2 words wrong → 0 and its signer found; seeds 63, 67, 43, 59: no page changed;
# ocr.recognize.with_short_lines_read_alone);
# 68: a photocopy's short runs kept only as high as a letter or a line (a streak's scraps level
# with the lines were read with them; seeds 69, 65 read worse with ocr-64; photocopies of 69, 65,
# 63, 61, 67, 43, 59: CER 22.72/26.38/14.95/24.12/10.89/16.56/16.95% → 21.09/25.85/14.01/25.18/
# 10.94/16.51/17.27%; ocr.clean);
# 67: a lone vowel o/u read as a capital after small letters small ("nhà" / "Ở" wrapped: seed 59's
# rotated 049; seeds 63, 61, 67, 43 the same, 59: 532 → 531 words wrong; ocr.language);
# 66: a short line of syllables read unsure kept (a photo's "định." at 38; seeds 63, 61, 67, 43, 59:
# 488/601/390/456/535 words wrong → 488/599/389/456/532, no page worse);
# 65: a missed line read again kept with its dashes counted half a word of junk (a folded sheet's
# motto "Độc lập - Tự do - Hạnh r" was dropped; seeds 63, 61, 67: 491/601/398 words wrong →
# 488/601/390, no page worse);
# 64: a photocopy's short runs of ink standing on its lines' rows kept with its lines of text (a
# table's figures; seeds 63, 61, 67, 43, 59, photocopies: 425/571/273/403/433 words wrong →
# 400/521/271/397/441, CER lower on each; no page of another profile changed; ocr.clean);
# 63: a header column and its tail close under it each stop their margin halfway between them (the
# tail's "2024" read with the accents of the line above and dropped; seeds 63, 61, 67: 517/649/401
# words wrong → 516/649/400, no page worse; ocr.layout);
# 62: a run of figures read unsure read again by the English model, taken where it is surer (an
# identity number read with a digit twice; seeds 61, 59, 43, 37, 47: 651/527/462/479/287 words
# wrong → 649/527/462/479/286, no page worse);
# 61: a listed phrase of two syllables read a mark off spelled as listed where it makes no known
# word as read and no other known word has its letters ("đê được", "thấm quyến"; seeds 61, 59, 43,
# 37, 47: 654/531/465/494/293 words wrong → 651/527/462/479/287, no page worse);
# 60: a listed phrase of three syllables or more read a mark off spelled as listed
# (ocr.language.with_phrases_spelled), a place's name as the page prints it elsewhere (seeds 43, 37,
# 47, 59, 61: 469/510/294/542/661 words wrong → 465/494/293/531/654, no page worse);
# 59: two neighbours that make no known word spelled as the page prints them elsewhere
# (ocr.language.with_words_as_the_page_prints_them), numbers in words known (seeds 43, 37, 33, 47,
# 59: 478/516/570/304/553 words wrong → 469/510/542/294/542, no page worse);
# 58: a signature block's position smudged before its last word read right ("SẺ TỊCH", "đÉ TỊCH":
# "CHỦ TỊCH"), and a line whose last two words are another known word ("THỦ TRƯỞNG") kept as read
# (seed 2009's faxes 41 → 37 words wrong, seed 59's 016 4 → 0; seeds 43, 37, 33, 47 the same);
# 57: a document's title (its type in capitals) read a mark off spelled as printed
# (ocr.language.with_titles_spelled: seeds 43, 37, 33, 47 488/522/582/311 words wrong →
# 478/516/570/304, no page worse);
# 56: a header's fixed lines (the motto's two, "ỦY BAN NHÂN DÂN") and a parent's "UBND" read a
# letter off spelled as printed (ocr.language.with_header_phrases_spelled: seeds 43, 37, 33, 47
# 502/533/602/332 words wrong → 488/522/582/311, seed 2001's phones 345 → 337, no page worse);
# 55: a signature block's lines read together as the block of Decree 30's forms they are closest to
# (ocr.language.with_signature_blocks_spelled: a fax's seal crossing "TM.", "KT." and the position's
# first letters; seed 2009's faxes 110 words wrong → 41, seed 2001's phones 386 → 345, seeds 43, 37,
# 33, 47 526/564/627/350 → 502/533/602/332, no page worse), and a letter standing apart before a
# position no word of it (the seal's "ở" was spelled "PHÓ");
# 54: a first row whose lowest line of text is one line high cut from the motto (a fax's agency of
# two lines run together: seed 2009's fax 043, 21 words wrong → 3; eight other sets the same);
# 53: a speck between a header's columns blocks no channel, and one beside a title makes it no
# column (ocr.layout: seed 2005's ink report 016, 16 words wrong → 2; eight other sets the same but
# seed 33's photocopy 008, one word better);
# 52: solid dark shapes at the page's edge painted as paper (ocr.clean.without_border_blots: a folded
# sheet's scanner lid in black wedges along the top taken for a header row; seed 2003's folded 013,
# 26 words wrong → 3, seed 2001's phones 14 → 11, seeds 43, 37, 33, 47 the same);
# 51: a figure alone on its line, or where a date's day, month or year stands, misread by the
# Vietnamese model read again by the English model (ocr.recognize.with_lone_figures_read: seeds 43,
# 37, 33, 47 529/573/631/356 words wrong → 526/564/628/350, no page worse); a first row run into the
# motto cut above a header that ends in a tail (ocr.layout: seed 2001's phone 046, 52 words wrong → 4);
# 50: the same for a header whose first row runs into the motto, and with specks beside a line
# left out of the columns' extents (seeds 1007's ink and 1009's rotated reports 023: CER 3.9% → 0.5%,
# 5.0% → 0.6%, no other page of eight tuning sets changed);
# 49: no position matched over an authority misread ("1T. CHỦ TỊCH", "#T. CHỦ TỊCH" were spelled
# "PHÓ CHỦ TỊCH", seed 43's fax 045 and seed 37's folded 017: their KT. lost to the metadata): seeds
# 43, 37, 33 32 words fewer wrong than before positions were spelled, fax 10;
# 48: a signature block's smudged position line spelled as the known position it reads as
# (ocr.language.with_positions_spelled: seeds 43, 37, 33 36 words fewer wrong, fax recall 98.6-98.9%
# → 99.0-99.3%, no page worse);
# 47: a header's row whose columns' smeared segments overlap by a millimetre at most, paper between
# them in the ink, stays in the header (ocr.layout: seed 1005's rotated report 016, 4.5% CER → 0.2%);
# 46: a table's figures read by the English model as a raw line too, the surer number taken
# (seeds 1001 and 1003's reports: 85 words wrong → 62);
# 45: a report's quarter ("quý III") counted in the numeral's strokes (ocr.recognize,
# with_quarters_counted: 25 of 198 quarters misread on the tuning seeds' reports, 2 left);
# 44: a ruled table's figures read again by Tesseract's English model (ocr.recognize,
# with_tables_figures: the reports of independent seeds 1001 and 1003, 204 words wrong → 96);
# 43: Tesseract's other readings of a letter searched for in one iteration of its beam, not three
# (ocr.tesseract: 3 more words wrong of 43,297 on four tuning seeds, 4% less CPU);
# 42: a photocopy's two readings in one layout (its darkest ink, that ink's lines of text) taken
# region by region, each as it proves more (ocr.recognize);
# 41: a photocopy's letters kept on its lines of text when they hang level from their tops, though a
# streak's dots along their feet left them no common baseline (ocr.clean);
# 40: a photographed sheet's sides moved onto its straight edges where the surface beside it is as
# light as the paper, and an outline without four corners (a shadow over one) taken as its least
# rectangle so moved (ocr.clean); a sheet's edge like a line above the text no line of it (its right
# edge's pieces taken for an edge again); a title centred on the lines of text, not on specks in a
# margin; a bold title's capitals run together up to 7 mm high a line, not a stroke (layout);
# 39 (layout, but one): a closing whose signature lies in pieces between its columns found between its
# lines; a blurred photo's first row cut at its widest gap by the channel; a sheet's edge in thin pieces
# far above the header a region of its own; a header's tail rows on both sides, one under the other (the
# date under the motto, then "Số:"); a number's row stays in the header when its date reaches to within
# a millimetre of the agency's channel (columns' margins cut halfway between them); short blots above
# the header a row of their own; and a line read unsure kept when it holds a word read surely ("Số:
# 1950/IH-UWND", ocr.recognize);
# 38: a unit's kind of one word read a tone off before its place read a tone off ("TÍNH ĐÔNG THÁP");
# 37: a paragraph where a word was read otherwise judged once more ("hệ kinh đoanh": "hộ kinh doanh");
# 36: marks a degraded print blurs into others read back where they bring more words ("hó sơ", "tiêu biều"),
# one Đ read as its look-alike and itself ("ÐĐKKD") one Đ (indexing.vietnamese.normalize);
# 35: a word judged beside the reading chosen for the word before it ("thạy đổi" read "thay đổi", not "đối");
# 34: a photographed sheet's top edge far above the header no row of it (layout);
# 33: a streak of dots along the lines dropped from the lines of text kept (letters stand in line);
# 32: a page turned sideways only when its letters stand on one baseline down its columns (streaks of dots);
# 31: an i's dot read as a hỏi or a sắc in a word of small letters ("chỉ phí", "kính doanh");
# 30: a page cleaning turned whose reading proves nothing read a quarter turn either way too;
# 29: two lines of a header smeared into one piece around another piece are cut apart (layout).
# 11: layout: a row of specks above the header no header row, a row's height its line's, rows far
# below the text not of it, lines welded to the sheet's edge by toner grain found again; a line
# under a bent line's tall letters read again and kept; OSD not asked for a reading that proves
# words (a speed change: the same words on seeds 9 and 13); 10: a page turned sideways only when the letters of its darkest ink run sideways too (a
# photocopier's streaks down an upright sheet turned it); a page read unsure, or with a tenth of its
# confidence on junk, read again from its darkest ink whatever its grain; small text read enlarged
# only, a grainy page from its darkest ink's lines of text only, the darkest ink read in the turn a first reading
# proved (speed changes: the readings and OSD dropped lost nothing); a scanner's PDF page taken as
# its image as stored, smoothed as a render; a word in capitals kept in capitals; 9: a fax's seal: its inner ring found where ink goes round, its rings kept where a stroke goes
# through, a title's letters between the rings kept; a sắc read for a hỏi (or the reverse) chosen by
# the words around it; a place's marks after its kind by the list of administrative units; a body
# read in pieces read again as sparse text; 8: a photographed sheet's edge in dashes and toner grain beside a header make no column of it;
# 7: the marks Tesseract hesitated over chosen by the words around them (ocr.language; fewer of
# Tesseract's choice searches since is a speed change, not bumped: pages read before read as well);
# 6: a photocopy's streaks and blots off the lines of text dropped for a third reading, stray marks
# dropped, coarse pages laid out in millimetres, headers whose columns touch read column by column, a
# photographed sheet's edge no column; 5: ruled tables read without their rules, specks make no
# layout, a continuation page's closing split, rows Tesseract took for noise read again; 4: seals touching the signature or the title; 3: seals, contrast, page flattening; 2: layout regions, words.
STAGE = Stage(
    name="recognize",
    version="ocr-145",
    reads=("documents", "originals"),
    writes=("pages", "page images", "stage_runs", "documents"),
    steps=("rasterize", "clean", "ocr"),
)


def ocr_fingerprint(settings: Settings) -> str:
    """What a page read by OCR carries when the current code and settings read it."""
    return fingerprint(
        STAGE.version,
        engine_version(settings.ocr_engine),
        model_signature(f"{settings.ocr_language}+{FIGURES_LANGUAGE}"),  # a table's figures: FIGURES_LANGUAGE's
        settings.ocr_fingerprint_inputs(),
    )


def text_layer_fingerprint(settings: Settings) -> str:
    """What a PDF page whose own text was taken carries: no OCR engine, model or cleaning in it."""
    return fingerprint(TEXT_LAYER_VERSION, settings.ocr_fingerprint_inputs())


def documents_needing_recognition(catalog: Catalog, document_ids: Iterable[str], settings: Settings) -> list[str]:
    current = ocr_fingerprint(settings)
    wanted = []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is not None and document.parent_id is not None:  # a part reads its file's pages
            document = catalog.document(document.parent_id)
        if document is None or document.media_type is None or document.state in (DocumentState.FAILED, DocumentState.SUPERSEDED, DocumentState.DISPOSED):
            continue
        if document.state == DocumentState.STORED or document.ocr_fingerprint != current:
            wanted.append(document.id)
    return list(dict.fromkeys(wanted))


def page_image_target(storage: Storage, document_id: str, page_number: int) -> Path:
    """Where a worker writes the page's image on this machine (published under its key after)."""
    return storage.working_path(page_image_key(document_id, page_number))


def recognize(catalog: Catalog, settings: Settings, document_ids: list[str], claim: str | None = None) -> list[str]:
    """Rasterize, clean and OCR every pending page of these documents, all cores busy.

    Pages already done with the current fingerprint are skipped (a killed run resumes per page).
    ``claim``: the owner holding the documents in the catalog (a pool worker): each page is saved
    only while the claim holds. Returns the documents lost to another worker (none without a claim).
    """
    current = ocr_fingerprint(settings)
    storage = Storage.for_settings(settings)
    jobs, documents, unavailable = _page_jobs(catalog, settings, storage, document_ids)
    for document_id, exc in unavailable.items():  # the pages wait for the next run
        catalog.fail_document(document_id, exc.error_class, exc.message)
    progress().start("recognize", len(jobs))
    lost = _run_page_jobs(catalog, settings, storage, jobs, claim) if jobs else set()
    for document in documents.values():
        if document.id not in lost:
            _settle_document(catalog, document, current)
    return sorted(lost)


def _page_jobs(
    catalog: Catalog, settings: Settings, storage: Storage, document_ids: list[str]
) -> tuple[list[PageJob], dict[str, DocumentRow], dict[str, StorageUnavailableError]]:
    """The pages of these documents not yet read with the current fingerprint (reads only)."""
    current, text_current = ocr_fingerprint(settings), text_layer_fingerprint(settings)
    jobs: list[PageJob] = []
    documents: dict[str, DocumentRow] = {}
    unavailable: dict[str, StorageUnavailableError] = {}
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.page_count is None or document.media_type is None:
            continue
        done = catalog.page_fingerprints(document_id)
        missing = [number for number in range(1, document.page_count + 1) if done.get(number) not in (current, text_current)]
        if not missing:
            documents[document_id] = document
            continue
        try:
            original = OriginalStore(storage).path_for(document.file_sha256)
        except StorageUnavailableError as exc:
            unavailable[document_id] = exc
            continue
        documents[document_id] = document
        for number in missing:
            jobs.append(
                PageJob(document_id, number, original, document.media_type,
                        page_image_target(storage, document_id, number), current, text_current)  # fmt: skip
            )
    return jobs, documents, unavailable


@dataclass
class _HeadStart:
    """Workers started ahead of the stage (``warm_up``), and the pages they were given meanwhile."""

    settings: Settings
    pool: ProcessPool
    started: dict[PageJob, ProcessFuture] = field(default_factory=dict)


_WARM: list[_HeadStart] = []  # at most one
_WARM_LOCK = threading.Lock()


def _new_pool(settings: Settings, workers: int) -> ProcessPool:
    # spawn: the parent holds threads (Prefect's client), which fork would copy half-alive.
    context = multiprocessing.get_context("spawn")
    return ProcessPool(max_workers=workers, initializer=init_worker, initargs=(settings,), context=context)


def _schedule(pool: ProcessPool, job: PageJob, settings: Settings) -> ProcessFuture:
    return pool.schedule(process_page, args=(job, settings), timeout=settings.ocr_timeout_seconds)


def warm_up(settings: Settings, catalog: Catalog | None = None, document_ids: Iterable[str] = ()) -> None:
    """Start this machine's OCR workers now and give them the pages these documents need read.

    ``sohoa ingest`` calls it once intake has found work, before it imports Prefect and starts the
    flow (~2 s on two cores): the workers load Tesseract and read the first pages meanwhile. Reading
    a page writes nothing but its working image; the stage, when it runs, takes the results of the
    pages it wants (same document, page and fingerprint), saves them, and reads the rest itself.
    Whatever no stage takes is dropped by ``cool_down`` (or at the process's exit). Without a
    catalog the workers only start; with one and no page to read, nothing starts."""
    with _WARM_LOCK:
        if _WARM:
            return
        jobs: list[PageJob] = []
        if catalog is not None:
            pending = documents_needing_recognition(catalog, list(document_ids), settings)
            jobs, _, _ = _page_jobs(catalog, settings, Storage.for_settings(settings), pending)
            if not jobs:  # metadata or the index is all that is left: no worker is needed
                return
        pool = _new_pool(settings, settings.effective_workers)
        head = _HeadStart(settings, pool, {job: _schedule(pool, job, settings) for job in jobs})
        if not jobs:
            for _ in range(settings.effective_workers):
                pool.schedule(ready)  # starts the pool: its workers run their initializer meanwhile
        _WARM.append(head)


def cool_down() -> None:
    """Stop workers started by ``warm_up`` that no stage took, and drop what they read."""
    with _WARM_LOCK:
        while _WARM:
            head = _WARM.pop()
            head.pool.stop()
            head.pool.join(timeout=30)


def _take_warm(settings: Settings) -> _HeadStart | None:
    """The head start when it was made with these settings (else it is of no use: stopped)."""
    with _WARM_LOCK:
        if _WARM and _WARM[0].settings == settings:
            return _WARM.pop()
    cool_down()
    return None


def _run_page_jobs(
    catalog: Catalog, settings: Settings, storage: Storage, jobs: list[PageJob], claim: str | None
) -> set[str]:
    head = _take_warm(settings)
    pool = head.pool if head is not None else _new_pool(settings, min(settings.effective_workers, len(jobs)))
    ahead = head.started if head is not None else {}
    with pool:
        started, lost = utc_now(), set[str]()
        futures = [(job, ahead.pop(job) if job in ahead else _schedule(pool, job, settings)) for job in jobs]
        for unwanted in ahead.values():  # read ahead for a page this run does not want (done meanwhile)
            unwanted.cancel()
        for job, future in futures:
            try:
                result: PageResult = future.result()
            except FutureTimeoutError:
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.OCR_TIMEOUT
                result.error_message = f"Trang {job.page_number} quá {settings.ocr_timeout_seconds:.0f} s khi nhận dạng."
            except ProcessExpired as exc:
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.OCR_CRASH
                result.error_message = (f"Tiến trình nhận dạng trang {job.page_number} bị dừng đột ngột"
                                        f" ({ended_by(exc.exitcode or 0)}).")  # fmt: skip
            except Exception as exc:  # a bug in a stage must not sink the batch
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.INTERNAL
                result.error_message = f"Lỗi nội bộ ở trang {job.page_number}: {type(exc).__name__}: {exc}"
            if job.document_id in lost:
                continue
            _publish_page_image(storage, result)
            try:
                _save_page_result(catalog, settings, result, started, claim)
            except ClaimLostError:  # another worker carries the document now: its pages are its own
                lost.add(job.document_id)
                continue
            progress().advance("recognize")
    return lost


def _publish_page_image(storage: Storage, result: PageResult) -> None:
    """The page image a worker wrote goes under its key, which the catalog records (not a path)."""
    if not result.image_path:
        return
    key = page_image_key(result.document_id, result.page_number)
    try:
        storage.publish(key)
    except StorageUnavailableError as exc:
        result.error_class, result.error_message = exc.error_class, exc.message
        result.image_path = None
        return
    result.image_path = key


def _save_page_result(catalog: Catalog, settings: Settings, result: PageResult, started: str, claim: str | None) -> None:
    """The page and the runs that made it, in one transaction (a worker killed between them leaves neither)."""
    version = STAGE.version
    runs = [StageRun(stage, started, seconds, "ok", fingerprint=result.fingerprint, version=version)
            for stage, seconds in result.timings.items()]  # fmt: skip
    runs += [StageRun(step, started, 0.0, outcome, message=why, version=version) for step, outcome, why in result.notes]
    if result.error_class:
        runs.append(StageRun("page", started, sum(result.timings.values()), "failed", result.error_class,
                             result.error_message, version=version))  # fmt: skip
    catalog.save_page(
        PageRow(
            document_id=result.document_id, number=result.page_number, width=result.width, height=result.height,
            dpi=result.dpi, rotation=result.rotation, skew_degrees=result.skew_degrees, flattened=result.flattened,
            regions=result.regions,
            text_source=result.text_source, text=result.text, confidence=result.confidence, words=result.words,
            image_path=result.image_path, fingerprint=result.fingerprint,
            error_class=result.error_class, error_message=result.error_message,
        ),
        runs, worker=settings.worker_name, claim=claim, claim_seconds=settings.claim_seconds,
    )  # fmt: skip


def _settle_document(catalog: Catalog, document: DocumentRow, current: str) -> None:
    """A document is recognised when every page has a result; page errors are kept on the document."""
    pages = catalog.pages(document.id)
    if len(pages) < (document.page_count or 0):
        return  # interrupted: the next run finishes it
    failed = [p for p in pages if p.error_class]
    if failed and len(failed) == len(pages):
        first = failed[0]
        catalog.fail_document(document.id, first.error_class or ErrorClass.INTERNAL, first.error_message or "")
        return
    error_class = failed[0].error_class if failed else None
    message = "; ".join(f"trang {p.number}: {p.error_message}" for p in failed) if failed else None
    catalog.update_document(
        document.id, state=DocumentState.RECOGNIZED, ocr_fingerprint=current, error_class=error_class, error_message=message
    )
