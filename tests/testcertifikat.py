"""A test CA and signer certificates made with `cryptography`, for the signing tests:
each signer gets a PKCS#12 file with key and certificate, protected by LOSENORD."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOSENORD = "hemligt-123"
_NU = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass
class Provnyckel:
    namn: str
    p12: Path
    nyckel: ec.EllipticCurvePrivateKey
    certifikat: x509.Certificate


@dataclass
class ProvCA:
    nyckel: ec.EllipticCurvePrivateKey
    certifikat: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.certifikat.public_bytes(serialization.Encoding.DER)

    def pem(self, path: Path) -> Path:
        path.write_bytes(self.certifikat.public_bytes(serialization.Encoding.PEM))
        return path

    def utfarda(self, namn: str, folder: Path, filnamn: str | None = None) -> Provnyckel:
        nyckel = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Norrviks kommun"),
                x509.NameAttribute(NameOID.COMMON_NAME, namn),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certifikat.subject)
            .public_key(nyckel.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_NU)
            .not_valid_after(_NU + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .sign(self.nyckel, hashes.SHA256())
        )
        p12 = folder / (filnamn or f"{namn.split()[0].lower()}.p12")
        p12.write_bytes(
            pkcs12.serialize_key_and_certificates(
                namn.encode(),
                nyckel,
                cert,
                [self.certifikat],
                serialization.BestAvailableEncryption(LOSENORD.encode()),
            )
        )
        return Provnyckel(namn, p12, nyckel, cert)


def ny_ca(namn: str = "Norrviks kommun test-CA") -> ProvCA:
    nyckel = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, namn)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(nyckel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NU)
        .not_valid_after(_NU + dt.timedelta(days=7300))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(nyckel, hashes.SHA256())
    )
    return ProvCA(nyckel, cert)
