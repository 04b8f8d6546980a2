"""Write the demo's request form, content/forms/request-form.pdf: a one-page PDF, byte for byte the same each run.

    .venv/bin/python scripts/make_request_form.py [OUTPUT]

The text is Japanese in a non-embedded CID font (HeiseiMin-W3, UniJIS-UCS2-H: every PDF reader
has a substitute), so the file stays small and needs no font file. No dates, ids or compression:
nothing varies between runs. All names and text are fictional.
"""

from __future__ import annotations

import sys
from pathlib import Path

LINES = [
    (18, 760, "開示等の請求書 (記入例のない様式)"),
    (10.5, 730, "あおばグループ 各社 個人情報の窓口 あて"),
    (10.5, 700, "1. 請求の種類 (該当するものに印を付けてください)"),
    (10.5, 682, "□ 利用目的の通知　□ 開示　□ 第三者提供記録の開示"),
    (10.5, 664, "□ 内容の訂正・追加・削除　□ 利用の停止・消去　□ 第三者への提供の停止"),
    (10.5, 634, "2. 請求する方"),
    (10.5, 616, "氏名 (ふりがな)：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"),
    (10.5, 598, "住所：〒＿＿＿＿ ＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"),
    (10.5, 580, "電話番号：＿＿＿＿＿＿＿＿＿＿＿＿"),
    (10.5, 562, "□ 本人　□ 法定代理人　□ 本人が委任した代理人"),
    (10.5, 532, "3. 請求の内容 (対象となる情報、訂正の内容など)"),
    (10.5, 514, "＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"),
    (10.5, 496, "＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"),
    (10.5, 466, "4. 回答の方法　□ 書面 (郵送)　□ 電磁的記録 (電子メール)"),
    (10.5, 436, "本人確認の書類と、手数料がかかる請求では手数料を同封してください。"),
    (10.5, 418, "記入日：＿＿＿＿年＿＿月＿＿日　署名：＿＿＿＿＿＿＿＿＿＿"),
    (8, 380, "この様式は架空のグループのデモ用です。"),
]


def content_stream() -> bytes:
    ops = ["BT"]
    for size, y, text in LINES:
        ops.append(f"/F1 {size} Tf 1 0 0 1 56 {y} Tm <{text.encode('utf-16-be').hex().upper()}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def pdf() -> bytes:
    stream = content_stream()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 /FontBBox [-123 -257 1001 910] "
        b"/ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "content/forms/request-form.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf())


if __name__ == "__main__":
    main()
