"""How the demo group's revision history was made: with `privacy-notices record` itself.

Starting from the demo data as it stands today (the last commit), this script takes the data
back to its 2019 state (the group adopted the tool when joint use began), freezes those
versions, then replays each change and records it with the command editors use:

    2020-01-15  BPO: work begins at a contractor in the Philippines
    2022-04-01  all: the 2020 APPI amendment takes effect (--all)
    2023-05-15  shopping channel: fraud detection service
    2023-06-16  all: the Telecommunications Business Act's external-transmission rules (--all)
    2023-09-01  BPO: work begins in Vietnam
    2023-10-01  shopping channel: LINE and Yahoo! merged into LINEヤフー株式会社
    2024-04-01  all: fraud prevention added to the joint use's purposes (--all)
    2027-04-01  ticketing: an announced revision (face recognition at entry), not yet in force

Run once on a clean checkout: `.venv/bin/python scripts/make_demo_history.py` (it refuses to run
when versions/ exists). At the end the data files equal the last commit's, apart from history.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from privacy_notices.yamlio import editor_for  # noqa: E402

GROUP = "content/group.yaml"
ADOPTED = "2019-10-01"


def final(relative: str) -> Any:
    text = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    return editor_for(text).load(text)


def edit(relative: str, change: Callable[[Any], None]) -> None:
    path = ROOT / relative
    text = path.read_text(encoding="utf-8")
    yaml = editor_for(text)
    data = yaml.load(text)
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def at(data: Any, keys: tuple) -> Any:
    for key in keys:
        data = data[key]
    return data


def restore(relative: str, *keys: Any) -> None:
    """Put back the value the last commit has at ``keys``."""
    value = at(final(relative), keys)
    edit(relative, lambda d: at(d, keys[:-1]).__setitem__(keys[-1], value))


def record(*args: str) -> None:
    print("$ privacy-notices record", " ".join(args))
    subprocess.run([sys.executable, "-m", "privacy_notices", "record", *args, "--root", str(ROOT)], check=True)


def company(cid: str) -> str:
    return f"companies/{cid}.yaml"


COMPANIES = ("aoba-hd", "aoba-ticket", "aoba-shop", "aoba-cable", "aoba-bpo")


def keep_history(d: Any) -> None:
    """Drop the revisions after the adoption date (a document's first entry always stays)."""
    from privacy_notices.record import move_trailing_comment

    for spec in d["documents"].values():
        while len(spec["history"]) > 1 and str(spec["history"][-1]["date"]) > ADOPTED:
            move_trailing_comment(spec["history"][-1], spec["history"][-2])
            spec["history"].pop()


def finish() -> None:
    """Put every data file back as the last commit has it, with the histories just recorded.

    Replaying deletes and restores keys, which moves them (and their comments) within the
    files; the data is the same, so the frozen versions stay valid. The histories are
    appended with the same function `record` uses, which leaves the rest byte for byte.
    """
    from privacy_notices.loader import load_group
    from privacy_notices.record import append_history

    group, problems = load_group(ROOT)
    assert group is not None and not problems
    recorded = {cid: {doc: spec.history for doc, spec in c.data.documents.items()}
                for cid, c in group.companies.items()}
    for relative in (GROUP, *map(company, COMPANIES)):
        text = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
        (ROOT / relative).write_text(text, encoding="utf-8")
    for cid in COMPANIES:
        edit(company(cid), keep_history)
        kept = {doc: len(spec["history"]) for doc, spec in final_documents(company(cid)).items()}
        for doc, history in recorded[cid].items():
            for revision in history[kept[doc]:]:
                append_history(ROOT / company(cid), doc, revision.date, revision.summary)


def final_documents(relative: str) -> Any:
    text = (ROOT / relative).read_text(encoding="utf-8")
    return editor_for(text).load(text)["documents"]


def back_to_2019() -> None:
    def group(d: Any) -> None:
        requests = d["defaults"]["requests"]
        requests["accepted"].remove("third_party_record")
        requests["answer_methods"].remove("electronic")
        requests["fees"][0]["requests"].remove("third_party_record")
        requests["fees"][0]["amount"] = 500
        requests["payment"] = requests["payment"].replace("1,000 円分", "500 円分")
        for key in ("security_measures", "abroad", "external_transmissions", "cookies"):
            del d["defaults"][key]
        use = d["joint_uses"][0]
        use["items"] = [i for i in use["items"] if "閲覧履歴" not in i]
        use["purposes"] = [p for p in use["purposes"] if "不正" not in p]
    edit(GROUP, group)

    for cid in COMPANIES:
        edit(company(cid), keep_history)

    def shop(d: Any) -> None:
        del d["documents"]["cookies"]
        del d["external_transmissions"]
        del d["third_party"]["provisions"]
    edit(company("aoba-shop"), shop)

    def bpo(d: Any) -> None:
        del d["abroad"]
        del d["pseudonymized"]
    edit(company("aoba-bpo"), bpo)

    def cable(d: Any) -> None:
        del d["retention"]
        d["sections"] = [s for s in d["sections"] if s["id"] != "leak-response"]
    edit(company("aoba-cable"), cable)

    def ticket(d: Any) -> None:
        d["documents"]["handling"]["intro"] = at(final(company("aoba-ticket")), ("documents", "handling", "intro"))
        text = d["documents"]["handling"]["intro"]
        d["documents"]["handling"]["intro"] = text.split("\n\n")[0] + "\n"
    edit(company("aoba-ticket"), ticket)


def adopt() -> None:
    """Freeze the version in force in 2019 of every document (the last entry kept)."""
    from privacy_notices.loader import load_group

    group, problems = load_group(ROOT)
    assert group is not None and not problems, [p.format() for p in problems]
    for cid, c in group.companies.items():
        for doc, spec in c.data.documents.items():
            record(cid, doc, "--date", spec.history[-1].date.isoformat())


def main() -> None:
    if (ROOT / "versions").exists():
        sys.exit("versions/ exists already: run this on a checkout without frozen versions")
    back_to_2019()
    adopt()

    def philippines(d: Any) -> None:
        d["abroad"] = at(final(company("aoba-bpo")), ("abroad",))
        d["abroad"]["countries"] = [c for c in d["abroad"]["countries"] if c["name"] == "フィリピン"]
    edit(company("aoba-bpo"), philippines)
    record("aoba-bpo", "policy", "--date", "2020-01-15",
           "--summary", "フィリピンの委託先での業務の開始に伴い、外国での取扱いについて追記")

    restore(GROUP, "defaults", "requests")
    restore(GROUP, "defaults", "security_measures")
    restore(GROUP, "defaults", "abroad")
    edit(GROUP, lambda d: d["joint_uses"][0].__setitem__("items", final(GROUP)["joint_uses"][0]["items"]))
    restore(company("aoba-bpo"), "pseudonymized")
    restore(company("aoba-cable"), "retention")
    restore(company("aoba-cable"), "sections")
    first_provision = final(company("aoba-shop"))["third_party"]["provisions"][:1]
    edit(company("aoba-shop"), lambda d: d["third_party"].__setitem__("provisions", first_provision))
    record("--all", "--date", "2022-04-01", "--summary",
           "令和2年改正個人情報保護法の施行に伴う改定 (安全管理措置の公表、第三者提供記録の開示請求、外国での取扱いなど)")

    restore(company("aoba-shop"), "third_party", "provisions")
    record("--all", "--date", "2023-05-15", "--summary", "不正利用検知サービスの導入に伴い、不正利用対策のための提供を追加")

    restore(GROUP, "defaults", "external_transmissions")
    restore(GROUP, "defaults", "cookies")
    transmissions = final(company("aoba-shop"))["external_transmissions"]
    for item in transmissions:  # before the merger, the recipients had their old names
        if item["tool"] in ("line_tag", "yahoo_ads"):
            item["recipient"] = "LINE株式会社" if item["tool"] == "line_tag" else "ヤフー株式会社"
    cookies = final(company("aoba-shop"))["documents"]["cookies"]
    cookies["history"] = cookies["history"][:1]

    def shop_2023(d: Any) -> None:
        d["external_transmissions"] = transmissions
        d["documents"]["cookies"] = cookies
    edit(company("aoba-shop"), shop_2023)
    record("aoba-shop", "cookies", "--date", "2023-06-16")
    record("--all", "--date", "2023-06-16", "--summary",
           "改正電気通信事業法の外部送信規律の施行に伴い、Cookie・外部送信についての説明を追加")

    restore(company("aoba-bpo"), "abroad")
    record("aoba-bpo", "policy", "--date", "2023-09-01",
           "--summary", "ベトナムの委託先での業務の開始に伴い、取り扱う国と講じている措置を追記")

    restore(company("aoba-shop"), "external_transmissions")
    record("aoba-shop", "cookies", "--date", "2023-10-01",
           "--summary", "LINE Tag・Yahoo!広告の送信先の名称の変更 (LINEヤフー株式会社) を反映")

    edit(GROUP, lambda d: d["joint_uses"][0].__setitem__("purposes", final(GROUP)["joint_uses"][0]["purposes"]))
    record("--all", "--date", "2024-04-01", "--summary", "共同利用の目的に、不正な利用の防止を追加")

    restore(company("aoba-ticket"), "documents", "handling", "intro")
    record("aoba-ticket", "handling", "--date", "2027-04-01",
           "--summary", "入場時の顔認証サービスの開始に伴い、取得する情報と利用目的の説明を追加")
    finish()


if __name__ == "__main__":
    main()
