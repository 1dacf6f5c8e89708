"""Signed electronic copies (Decree 30/2020/NĐ-CP, Appendix I, Part II): the one wrapper around pyHanko.

An electronic copy of a paper result is the searchable PDF with, at the top right of page 1, the
form of copy ("SAO Y", "SAO LỤC", "TRÍCH SAO"; "BẢN SAO ĐIỆN TỬ" above it), the agency and the
signing time in ISO 8601, and the office's PAdES signature (the office's certificate and key from a
PKCS#12 file; a time-stamp from a TSA when one is set). The time on the stamp is Vietnam's (+07:00). The stamp is the signature's own
appearance, so it cannot be moved or edited without breaking the signature. ``verify`` reports
each signature of a PDF: who signed, when, whether the bytes are the ones signed, and whether the
certificate leads to a trusted root.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pipeline.errors import ErrorClass, SohoaError

T = TypeVar("T")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
COPY_FORMS = ("SAO Y", "SAO LỤC", "TRÍCH SAO")
FIELD_NAME = "BanSaoDienTu"
FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")  # Debian fonts-noto-core: every Vietnamese letter
STAMP_WIDTH, STAMP_HEIGHT, MARGIN = 215, 38, 6  # points: above the header of a Decree 30 page


class SigningError(SohoaError):
    """The copy cannot be signed: no certificate set, a wrong password, a file that is not PKCS#12."""

    error_class = ErrorClass.SIGNING_FAILED


@dataclass(frozen=True, slots=True)
class SignatureReport:
    field: str
    signer: str  # the certificate's subject, as people read it
    signed_at: datetime | None  # the time the signer's machine put in the signature
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact, and the signature value checks against the certificate
    trusted: bool  # the certificate leads to one of the trusted roots given
    whole_file: bool  # nothing was added after the signature
    summary: str


def _apart(work: Callable[[], T]) -> T:
    """``work`` in a thread of its own: pyHanko's synchronous calls run an event loop of their own
    (``asyncio.run``), which cannot start in a thread where one runs already (an embedding app, a
    test session with an async plugin)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sohoa-signing") as pool:
        return pool.submit(work).result()


def sign_copy(source: Path, target: Path, p12: Path, password: str | None, *, copy_form: str = "SAO Y",
              agency: str | None = None, tsa_url: str | None = None) -> None:  # fmt: skip
    """Write ``source`` (a PDF) to ``target`` with the copy stamp on page 1 and the office's signature."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner

    if copy_form not in COPY_FORMS:
        raise SigningError(f"Hình thức sao phải là một trong: {', '.join(COPY_FORMS)}.")
    try:
        signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=password.encode() if password else None)
    except (OSError, ValueError) as exc:
        raise SigningError(f"Không mở được chứng thư số {p12}: {exc}") from exc
    if signer is None:
        raise SigningError(f"Không mở được chứng thư số {p12}: sai mật khẩu hoặc không phải tệp PKCS#12.")
    subject = signer.signing_cert.subject.native
    office = agency or subject.get("organization_name") or subject.get("common_name") or ""
    with source.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        _left, _bottom, right, top = (float(v) for v in page["/MediaBox"])
        box = (int(right - MARGIN - STAMP_WIDTH), int(top - MARGIN - STAMP_HEIGHT), int(right - MARGIN), int(top - MARGIN))
        style = stamp.TextStampStyle(
            stamp_text=f"BẢN SAO ĐIỆN TỬ — {copy_form}\n{office}\nThời gian ký: %(thoi_gian)s",
            text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(str(FONT)), font_size=8),
            border_width=1,
        )  # fmt: skip
        metadata = PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, reason=f"Bản sao điện tử ({copy_form})",
                                        location=office or None)  # fmt: skip
        pdf_signer = PdfSigner(
            metadata, signer=signer, stamp_style=style,
            timestamper=timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None,
            new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=0, box=box),
        )  # fmt: skip
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with partial.open("wb") as out:
                # ISO 8601 in Vietnam's time, as offices read it (the signature's own time is the same instant)
                when = datetime.now(VIETNAM).isoformat(timespec="seconds")
                _apart(lambda: pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"thoi_gian": when}))
        except Exception as exc:
            partial.unlink(missing_ok=True)
            raise SigningError(f"Không ký được bản sao: {type(exc).__name__}: {exc}") from exc
    partial.replace(target)


def sign_for_office(settings: Any, source: Path, target: Path, copy_form: str = "SAO Y") -> None:
    """``sign_copy`` with the office's certificate, password and TSA from the settings (a Settings;
    typed loosely to keep this module at the bottom); refused when no certificate is set."""
    if settings.signing_p12 is None:
        raise SigningError("Chưa có chứng thư số của cơ quan (SOHOA_SIGNING_P12, SOHOA_SIGNING_PASSWORD):"
                           " chưa cấp được bản sao điện tử.")  # fmt: skip
    sign_copy(source, target, settings.signing_p12, settings.signing_password, copy_form=copy_form,
              tsa_url=settings.signing_tsa_url)  # fmt: skip


def verify(path: Path, trusted_roots: list[Path] | None = None) -> list[SignatureReport]:
    """Every signature in the PDF at ``path``; a file whose structure is broken raises SigningError."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for root in trusted_roots or []:
        data = root.read_bytes()
        roots.append(x509.Certificate.load(pem.unarmor(data)[2] if pem.detect(data) else data))
    context = ValidationContext(trust_roots=roots) if roots else ValidationContext()
    def read() -> list[SignatureReport]:
        reports = []
        with path.open("rb") as handle:
            reader = PdfFileReader(handle, strict=False)
            for embedded in reader.embedded_signatures:
                status = validate_pdf_signature(embedded, context)
                reports.append(SignatureReport(
                    field=embedded.field_name, signer=status.signing_cert.subject.human_friendly,
                    signed_at=status.signer_reported_dt, intact=status.intact, valid=status.valid,
                    trusted=bool(status.trusted), whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                    summary=status.summary(),
                ))  # fmt: skip
        return reports

    try:
        return _apart(read)
    except Exception as exc:  # pyHanko's reading errors: a file too damaged to read its signatures
        raise SigningError(f"Không đọc được chữ ký trong {path.name}: {type(exc).__name__}: {exc}") from exc
