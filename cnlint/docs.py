"""Rule documentation rendered from rules/: `cnlint explain` and docs/rules.md."""

from __future__ import annotations


def _meta(rule) -> list[str]:
    out = [
        f"- Artifact: {rule.artifact}",
        f"- Severity: {rule.severity}",
        f"- Fixable: {'yes' if rule.fixable else 'no'}",
        f"- Enabled by default: {'yes' if rule.default else 'no'}",
    ]
    if rule.aliases:
        out.append(f"- Aliases: {', '.join(rule.aliases)}")
    if rule.tags:
        out.append(f"- Tags: {', '.join(rule.tags)}")
    return out


def explain(rule) -> str:
    head = f"# {rule.code} {rule.name}"
    return "\n".join([head, "", rule.summary, "", *_meta(rule), "", rule.description.rstrip(), ""])


def rules_markdown(catalogue) -> str:
    out = ["# Rules", "", "Generated from rules/ by `cnlint rules --format markdown`.", ""]
    out += ["| Code | Name | Artifact | Severity | Fixable | Summary |", "|---|---|---|---|---|---|"]
    for r in catalogue:
        out.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.artifact} | {r.severity} | {'yes' if r.fixable else ''} | {r.summary} |")
    out.append("")
    for r in catalogue:
        body = r.description.rstrip().replace("\n## ", "\n#### ")
        if body.startswith("## "):
            body = "#" * 2 + body
        out += [f"## {r.code} {r.name}", "", r.summary, "", *_meta(r), "", body, ""]
    return "\n".join(out)
