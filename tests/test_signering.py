"""Digital justering (issue 13 point 1): the demo's justerat KS protokoll signed by its
secretary, ordförande and justerare with certificates from a test CA; `verify` and
pyHanko's validator accept the three signatures, and any changed byte is caught."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from kallelse_tui.cli import main
from kallelse_tui.store import Store
from kallelse_tui.store.errors import StoreLockedProtocolError
from kallelse_tui.store.integritet import save_chain_head
from tests.test_tamper import edit_json, forge, shard
from tests.testcertifikat import LOSENORD, ProvCA, Provnyckel, ny_ca

KS = "norrvik-ks-2026-10-19"  # justerat, the newest of the Norrvik KS chain
SIGNERARE = ["Johanna Sträng", "Anna-Karin Lund", "Sofia Nilsson"]  # sekr., ordf., justerare


@pytest.fixture(scope="module")
def ca() -> ProvCA:
    return ny_ca()


@pytest.fixture(scope="module")
def nycklar(ca: ProvCA, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Provnyckel]:
    folder = tmp_path_factory.mktemp("nycklar")
    nycklar = {n: ca.utfarda(n, folder) for n in SIGNERARE}
    nycklar["Lars Wennberg"] = ca.utfarda("Lars Wennberg", folder)  # kommundirektör, no signer
    return nycklar


def sign(root: Path, namn: str, nyckel: Provnyckel, mote: str = KS) -> int:
    return main(["sign", mote, "--som", namn, "--p12", str(nyckel.p12), "--store", str(root)])


@pytest.fixture(scope="module")
def signerat(nycklar: dict[str, Provnyckel], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store with the KS protokoll signed by all three, built once."""
    from kallelse_tui.cli import copy_sample_data

    root = copy_sample_data(tmp_path_factory.mktemp("signerat") / "lager")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KALLELSE_P12_LOSENORD", LOSENORD)
        for namn in SIGNERARE:
            assert sign(root, namn, nycklar[namn]) == 0
    return root


@pytest.fixture
def lager(signerat: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(signerat, tmp_path / "lager"))


@pytest.fixture(autouse=True)
def losenord(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KALLELSE_P12_LOSENORD", LOSENORD)


def verify(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify", "--store", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def signed_pdf(root: Path) -> Path:
    with Store.open(root, readonly=True) as store:
        return store.attachment_path(store.meeting(KS).signaturer[-1].pdf_sha256)


def pyhanko_status(pdf: bytes, ca: ProvCA) -> list[object]:
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [
        validate_pdf_signature(sig, ValidationContext(trust_roots=[x509.Certificate.load(ca.der)]))
        for sig in reader.embedded_signatures
    ]


def test_three_signatures_are_valid_in_verify_and_in_pyhankos_validator(
    lager, ca, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("KALLELSE_BETRODDA_CA", str(ca.pem(tmp_path / "ca.pem")))
    code, out = verify(lager, capsys)
    assert code == 0, out
    rader = [r for r in out.splitlines() if r.startswith("Underskrift")]
    assert len(rader) == 3
    for namn, roll in zip(SIGNERARE, ("sekreterare", "ordförande", "justerande"), strict=True):
        rad = next(r for r in rader if namn in r)
        assert f", {roll}, " in rad and f"CN={namn}" in rad
        assert rad.endswith("giltig, certifikatet betrott")

    pdf = signed_pdf(lager).read_bytes()
    statuses = pyhanko_status(pdf, ca)
    assert len(statuses) == 3
    assert all(s.bottom_line for s in statuses)  # intact, valid and trusted
    assert [s.signing_cert.subject.native["common_name"] for s in statuses] == SIGNERARE

    # export hands out the signed PDF itself, byte for byte
    ut = tmp_path / "protokoll.pdf"
    assert (
        main(["export", "protokoll", KS, "--format", "pdf", "-o", str(ut), "--store", str(lager)])
        == 0
    )
    assert ut.read_bytes() == pdf


def test_the_fields_are_visible_in_the_signature_block_and_page_one_says_so(lager):
    from pypdf import PdfReader

    reader = PdfReader(signed_pdf(lager))
    forsta = reader.pages[0]
    text = " ".join(forsta.extract_text().split())
    assert "Justerat digitalt" in text
    for namn in SIGNERARE:
        assert namn in text
    assert "ANSLAG/BEVIS" in text  # signing adds no line that pushes the box off page one
    falt = {
        str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
        for a in forsta["/Annots"]
        if a.get_object().get("/FT") == "/Sig"
    }
    assert set(falt) == {"Sekreterare", "Ordforande", "Justerande-1"}
    for a in forsta["/Annots"]:  # PAdES, not the older adbe.pkcs7.detached
        if a.get_object().get("/FT") == "/Sig":
            assert a.get_object()["/V"].get_object()["/SubFilter"] == "/ETSI.CAdES.detached"
    for rect in falt.values():  # visible: a real box, inside the page, above each line
        assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 15
    ordning = [falt[f][1] for f in ("Sekreterare", "Ordforande", "Justerande-1")]
    assert ordning == sorted(ordning, reverse=True)  # top to bottom, as printed


def test_each_signature_appends_an_incremental_update(lager):
    with Store.open(lager, readonly=True) as store:
        filer = [
            store.attachment_path(s.pdf_sha256).read_bytes() for s in store.meeting(KS).signaturer
        ]
    assert len(filer) == 3
    assert filer[2].startswith(filer[1]) and filer[1].startswith(filer[0])


def test_a_changed_byte_in_the_signed_pdf_fails_verify(lager, ca, capsys):
    pdf = signed_pdf(lager)
    data = bytearray(pdf.read_bytes())
    i = data.index(b"Justerat digitalt") if b"Justerat digitalt" in data else len(data) // 3
    data[i] ^= 1
    pdf.chmod(0o644)
    pdf.write_bytes(bytes(data))
    code, out = verify(lager, capsys)
    assert code == 1
    assert "Den signerade PDF-filen för norrvik-ks-2026-10-19 har ändrats i lagret" in out


def test_pyhankos_validator_catches_a_changed_byte_in_what_was_signed(lager):
    from kallelse_tui.domain.errors import DomainError
    from kallelse_tui.export.signering import granska_pdf

    data = signed_pdf(lager).read_bytes()
    for del_ in range(1, 20):  # spread over the typeset pages, which every signature covers
        andrad = bytearray(data)
        andrad[len(data) * del_ // 40] ^= 0x20
        try:
            statuses = granska_pdf(bytes(andrad))
        except DomainError:
            continue  # not even readable as a PDF any more
        assert not any(s.giltig for s in statuses), del_


def test_a_changed_protokoll_fails_verify_and_is_not_handed_out(lager, tmp_path, capsys):
    edit_json(shard(lager, KS), lambda d: d["paragrafer"]["1"].update(beslut="Något annat."))
    code, out = verify(lager, capsys)
    assert code == 1 and "har ändrats efter justeringen" in out
    ut = tmp_path / "p.pdf"
    assert (
        main(["export", "protokoll", KS, "--format", "pdf", "-o", str(ut), "--store", str(lager)])
        == 2
    )
    assert not ut.exists()


def test_a_forger_without_the_keys_cannot_re_justera_the_newest_protokoll(lager, capsys):
    # The chain's newest protokoll rewritten, every hash recomputed and the head moved:
    # the store agrees with itself, but the signatures were over the old hash.
    forge(lager, KS, lambda d: d["paragrafer"]["1"].update(beslut="Ett annat beslut."))
    with Store.open(lager) as store:
        save_chain_head(store, "norrvik-ks")
    code, out = verify(lager, capsys)
    assert code == 1
    assert "gäller ett annat protokoll än det justerade" in out
    assert out.count("OGILTIG") == 3


def test_a_forged_record_over_the_new_hash_does_not_fit_the_key(lager, capsys):
    def ny_hash(d):
        for s in d["sammantrade"]["1"]["signaturer"]:
            s["protokoll_hash"] = d["sammantrade"]["1"]["justering"]["protokoll_hash"]

    forge(lager, KS, lambda d: d["paragrafer"]["1"].update(beslut="Ett annat beslut."))
    edit_json(shard(lager, KS), ny_hash)
    with Store.open(lager) as store:
        save_chain_head(store, "norrvik-ks")
    code, out = verify(lager, capsys)
    assert code == 1
    assert "underskriften i lagret stämmer inte med certifikatet" in out
    assert "PDF-underskriften är inte den som lagret anger" in out


def test_signatures_can_only_be_appended(lager):
    with Store.open(lager) as store:
        mote = store.meeting(KS)
        mote.signaturer.pop()
        with pytest.raises(StoreLockedProtocolError, match="underskrifterna"):
            store.save_meeting(mote)


def test_the_signed_record_leaves_the_protokoll_hash_and_the_published_list_alone(lager, signerat):
    with Store.open(lager, readonly=True) as store:
        mote = store.meeting(KS)
    from kallelse_tui.domain.kontrollsumma import protokoll_hash

    assert mote.justering is not None
    assert protokoll_hash(mote) == mote.justering.protokoll_hash
    assert {s.protokoll_hash for s in mote.signaturer} == {mote.justering.protokoll_hash}


@pytest.mark.parametrize(
    "namn, nyckel, mote, fel",
    [
        ("Lars Wennberg", "Lars Wennberg", KS, "är varken sekreterare, ordförande eller justerare"),
        ("Anna-Karin Lund", "Sofia Nilsson", None, "Certifikatet är utfärdat till ”Sofia Nilsson”"),
        ("Frida Lindgren", "Johanna Sträng", "sjobacka-sbn-2026-11-17", "är inte justerat ännu"),
    ],
)
def test_who_may_sign_with_which_certificate(namn, nyckel, mote, fel, nycklar, demo_dir, capsys):
    assert sign(demo_dir, namn, nycklar[nyckel], mote or KS) == 2
    err = capsys.readouterr().err
    assert fel in err and "Traceback" not in err
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(mote or KS).signaturer == []


def test_the_same_signer_signs_once(lager, nycklar, capsys):
    assert sign(lager, "johanna  sträng", nycklar["Johanna Sträng"]) == 2
    assert "Johanna Sträng har redan signerat protokollet" in capsys.readouterr().err


def test_a_wrong_password_or_none_is_a_clear_refusal(demo_dir, nycklar, capsys, monkeypatch):
    monkeypatch.setenv("KALLELSE_P12_LOSENORD", "fel")
    assert sign(demo_dir, "Johanna Sträng", nycklar["Johanna Sträng"]) == 2
    assert "fel lösenord" in capsys.readouterr().err
    monkeypatch.delenv("KALLELSE_P12_LOSENORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask in
    assert sign(demo_dir, "Johanna Sträng", nycklar["Johanna Sträng"]) == 2
    err = capsys.readouterr().err
    assert "KALLELSE_P12_LOSENORD" in err and LOSENORD not in err


def test_the_password_is_never_stored(signerat):
    for path in signerat.rglob("*"):
        if path.is_file():
            assert LOSENORD.encode() not in path.read_bytes(), path


def test_the_signature_record_is_in_the_meeting_document(signerat):
    doc = json.loads(shard(signerat, KS).read_text("utf-8"))
    poster = doc["sammantrade"]["1"]["signaturer"]
    assert [p["roll"] for p in poster] == ["Sekreterare", "Ordförande", "Justerande"]
    assert all(len(p["pdf_sha256"]) == 64 and p["signatur"] for p in poster)


# -- PKCS#11: the secretary's key on a token (SoftHSM2 standing in for an e-tjänstekort),
# the others with PKCS#12 files. SoftHSM2 is the Debian package softhsm2: installed here
# when missing and allowed (root with apt-get), else the test is skipped.

BIBLIOTEK = [
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
]
PIN = "1234"


def _bibliotek() -> Path | None:
    return next((p for p in BIBLIOTEK if p.is_file()), None)


@pytest.fixture(scope="module")
def softhsm() -> Path:
    if _bibliotek() is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "softhsm2"]
        if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
            subprocess.run(install, env=env, capture_output=True, timeout=600)
    lib = _bibliotek()
    if lib is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 (Debian-paketet softhsm2) saknas och kunde inte installeras")
    return lib


_CERT_TILL_TOKEN = """
import sys, pkcs11
from cryptography import x509
from pkcs11 import Attribute, ObjectClass, CertificateType
der = open(sys.argv[3], "rb").read()
lib = pkcs11.lib(sys.argv[1])
with lib.get_token(token_label="kallelse").open(rw=True, user_pin=sys.argv[2]) as s:
    s.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.ID: b"\\x01",
        Attribute.LABEL: "sekreterare",
        Attribute.VALUE: der,
        Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
    })
"""


@pytest.fixture
def token(softhsm: Path, tmp_path: Path, nycklar: dict[str, Provnyckel]) -> dict[str, str]:
    """A SoftHSM2 token holding the secretary's key and certificate; the environment for
    the processes that use it."""
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    nyckel = nycklar["Johanna Sträng"]
    pem = tmp_path / "nyckel.pem"
    pem.write_bytes(
        nyckel.nyckel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    der = tmp_path / "cert.der"
    der.write_bytes(nyckel.certifikat.public_bytes(serialization.Encoding.DER))
    util = ["softhsm2-util", "--pin", PIN]
    for steg in (
        [*util, "--init-token", "--free", "--label", "kallelse", "--so-pin", "123456"],
        [
            *util,
            "--import",
            str(pem),
            "--token",
            "kallelse",
            "--label",
            "sekreterare",
            "--id",
            "01",
        ],
        [sys.executable, "-c", _CERT_TILL_TOKEN, str(softhsm), PIN, str(der)],
    ):
        subprocess.run(steg, env=env, check=True, capture_output=True, timeout=60)
    return env


def sign_pkcs11(
    root: Path, env: dict[str, str], lib: Path, pin: str
) -> subprocess.CompletedProcess[str]:
    code = "from kallelse_tui.cli import main; raise SystemExit(main())"
    args = ["sign", KS, "--som", "Johanna Sträng", "--pkcs11", str(lib), "--store", str(root)]
    env = {**env, "KALLELSE_PIN": pin}
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_secretary_signs_with_a_token_and_verify_accepts_all_three(
    token, softhsm, demo_dir, nycklar, ca: ProvCA, tmp_path, capsys, monkeypatch
):
    fel_pin = sign_pkcs11(demo_dir, token, softhsm, "0000")
    assert fel_pin.returncode == 2 and "fel PIN-kod" in fel_pin.stderr
    assert "Traceback" not in fel_pin.stderr

    ut = sign_pkcs11(demo_dir, token, softhsm, PIN)
    assert ut.returncode == 0, ut.stderr
    assert "Johanna Sträng har signerat protokollet" in ut.stdout
    monkeypatch.setenv("KALLELSE_P12_LOSENORD", LOSENORD)
    for namn in SIGNERARE[1:]:
        assert sign(demo_dir, namn, nycklar[namn]) == 0
    monkeypatch.setenv("KALLELSE_BETRODDA_CA", str(ca.pem(tmp_path / "ca.pem")))
    capsys.readouterr()
    assert main(["verify", "--store", str(demo_dir)]) == 0
    rader = [r for r in capsys.readouterr().out.splitlines() if r.startswith("Underskrift")]
    assert len(rader) == 3 and all(r.endswith("giltig, certifikatet betrott") for r in rader)


# -- the TUI: F8 on the justering screen ------------------------------------------------


async def test_signing_from_the_justering_screen(demo_dir, nycklar):
    from textual.widgets import Input, Static

    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.justering_screen import JusteringScreen
    from kallelse_tui.tui.signera_form import SigneraForm

    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:

        async def signera(fil: Path, losenord: str) -> list[str]:
            await pilot.press("f8")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, SigneraForm)
            form.query_one("#nyckelfil", Input).value = str(fil)
            form.query_one("#hemlighet", Input).value = losenord
            app.clear_notifications()
            await pilot.press("f2")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return [n.message for n in app._notifications]

        await pilot.press("down", "down", "down", "down", "enter", "j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JusteringScreen)
        status = screen.query_one("#justering-status", Static)
        assert "väntar på Johanna Sträng, sekreterare" in str(status.render())

        fel = await signera(nycklar["Johanna Sträng"].p12, "fel")
        assert any("fel lösenord" in m for m in fel)
        with Store.open(demo_dir, readonly=True) as store:
            assert store.meeting(KS).signaturer == []

        klart = await signera(nycklar["Johanna Sträng"].p12, LOSENORD)
        assert isinstance(app.screen, JusteringScreen)
        with Store.open(demo_dir, readonly=True) as store:
            poster = store.meeting(KS).signaturer
            pdf = store.attachment_path(poster[0].pdf_sha256)
        assert [p.namn for p in poster] == ["Johanna Sträng"]
        assert any(
            "Johanna Sträng har signerat som sekreterare" in m and str(pdf) in m for m in klart
        )
        assert pdf.is_file()
        text = str(status.render())
        assert "Signerat digitalt av Johanna Sträng, sekreterare" in text
        assert "Väntar på Anna-Karin Lund (S), ordförande" in text


def test_other_formats_say_justerat_digitalt_with_the_signers(lager, tmp_path):
    ut = tmp_path / "p.txt"
    assert (
        main(["export", "protokoll", KS, "--format", "txt", "-o", str(ut), "--store", str(lager)])
        == 0
    )
    text = " ".join(ut.read_text("utf-8").split())
    assert "Justerat digitalt" in text
    assert "Johanna Sträng, sekreterare" in text and "Sofia Nilsson (C), justerande" in text


def test_the_public_pdf_says_when_each_signed_and_keeps_the_anslag_on_page_one(lager, tmp_path):
    from pypdf import PdfReader

    ut = tmp_path / "p.pdf"
    args = ["export", "protokoll", KS, "--format", "pdf", "--public", "-o", str(ut)]
    assert main([*args, "--store", str(lager)]) == 0
    text = " ".join(PdfReader(ut).pages[0].extract_text().split())
    assert "Justerat digitalt" in text and "ANSLAG/BEVIS" in text
    assert text.count("Signerat digitalt") == len(SIGNERARE)


def test_a_rattelse_after_the_signatures_is_not_left_out_of_the_export(lager, tmp_path, capsys):
    from datetime import date

    from pypdf import PdfReader

    from kallelse_tui.store.integritet import add_rattelse

    with Store.open(lager) as store:
        add_rattelse(store, KS, 176, "bilaga 1", "bilaga 2", "Anna-Karin Lund", date(2026, 12, 1))
    ut = tmp_path / "p.pdf"
    assert (
        main(["export", "protokoll", KS, "--format", "pdf", "-o", str(ut), "--store", str(lager)])
        == 0
    )
    assert ut.read_bytes() != signed_pdf(lager).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(ut).pages).split())
    assert "Rättelser" in text and "Justerat digitalt" in text
    assert verify(lager, capsys)[0] == 0  # the signatures still hold for the protokoll


async def test_the_signing_form_is_filled_with_tab_and_typing_only(demo_dir, nycklar):
    """Top to bottom as a secretary does it: the form opens on "Vem signerar"; Enter,
    down, Enter picks the ordförande; Tab Tab reaches the file, Tab the password."""
    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.justering_screen import JusteringScreen
    from kallelse_tui.tui.signera_form import SigneraForm

    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("down", "down", "down", "down", "enter", "j")
        await pilot.pause()
        assert isinstance(app.screen, JusteringScreen)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, SigneraForm)
        await pilot.press("enter", "down", "enter")  # Anna-Karin Lund, second in the list
        await pilot.press("tab", "tab", *str(nycklar["Anna-Karin Lund"].p12))
        await pilot.press("tab", *LOSENORD, "f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, JusteringScreen)
        with Store.open(demo_dir, readonly=True) as store:
            assert [s.namn for s in store.meeting(KS).signaturer] == ["Anna-Karin Lund (S)"]
        assert any(
            "Anna-Karin Lund (S) har signerat som ordförande" in n.message
            for n in app._notifications
        )
