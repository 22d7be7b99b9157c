"""hadolint's semantics in the corners, as hadolint documents and tests each
rule (or, where hadolint is wrong, what cnlint does instead): one case of
cnlint's own per point, with a control beside each exception."""

from __future__ import annotations

import pytest
from helpers import lint, needs_shellcheck, positions

from cnlint.diagnostics import Span

D = "FROM debian:12\n"
F = "FROM fedora:40\n"


def at(text: str, code: str) -> list[tuple[int, int]]:
    return positions(lint(text, select=[code]))


# ---- package managers ----------------------------------------------------------------


def test_gem_i_is_gem_install_and_a_colon_pins():
    assert at("FROM ruby:3.3\nRUN gem i rails\n", "DF029") == [(2, 11)]
    assert at("FROM ruby:3.3\nRUN gem i rails:7.1.3 && gem install rack:3.0.8\n", "DF029") == []


def test_go_get_is_checked_like_go_install():
    text = "FROM golang:1.23\nRUN go get github.com/a/b && go get github.com/a/c@latest && go get github.com/a/d@v1.2.0\n"
    found = lint(text, select=["DF061"])
    assert [(d.span.column, d.message.split(" takes")[0]) for d in found] == [(12, "go get 'github.com/a/b'"), (37, "go get 'github.com/a/c@latest'")]
    # the local module, and removing a dependency, are not downloads to pin
    assert at("FROM golang:1.23\nRUN go get ./... && go get -d && go get github.com/a/e@none\n", "DF061") == []


@pytest.mark.parametrize(("tool", "code"), [("dnf", "DF040"), ("microdnf", "DF040"), ("yum", "DF033")])
def test_a_module_install_needs_a_stream(tool, code):
    text = F + f"RUN {tool} module install -y nodejs && {tool} clean all\n"
    found = lint(text, select=[code])
    assert [(d.span, d.message.split(";")[0]) for d in found] == [(Span(2, 24 + len(tool), 2, 30 + len(tool)), "module 'nodejs' has no pinned version, so rebuilds pick up whatever is newest")]
    assert at(F + f"RUN {tool} module install -y nodejs:18/common && {tool} clean all\n", code) == []


def test_a_module_install_fills_the_cache_and_asks_for_yes():
    assert at(F + "RUN dnf module install nodejs:18\n", "DF039") == [(2, 16)]
    assert at(F + "RUN dnf module install nodejs:18\n", "DF038") == [(2, 16)]
    assert at("FROM centos:8\nRUN yum module install nodejs:18 && yum clean all\n", "DF031") == [(2, 16)]


def test_removing_the_yum_cache_cleans_for_dnf_too():
    assert at(F + "RUN dnf install -y httpd-2.4.62 && rm -rf /var/cache/yum/*\n", "DF039") == []
    assert at(F + "RUN microdnf install -y httpd-2.4.62 && rm -rf /var/cache/yum\n", "DF039") == []
    assert at(F + "RUN dnf install -y httpd-2.4.62 && rm -rf /var/cache/libdnf5\n", "DF039") == []
    assert at(F + "RUN dnf install -y httpd-2.4.62 && rm -rf /tmp/yum\n", "DF039") == [(2, 9)]


def test_zypper_cc_is_zypper_clean():
    assert at("FROM opensuse/leap:15.6\nRUN zypper -n install git=2.43 && zypper cc\n", "DF036") == []


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("FROM centos:7\nRUN yum clean all && yum install -y httpd-2.4.6\n", "DF032", (2, 26)),
        ("FROM opensuse/leap:15.6\nRUN zypper clean -a && zypper -n install git=2.43\n", "DF036", (2, 34)),
        (F + "RUN dnf clean all && dnf install -y httpd-2.4.62\n", "DF039", (2, 26)),
        ("FROM node:22\nRUN yarn cache clean && yarn install\n", "DF059", (2, 30)),
    ],
)
def test_a_clean_before_the_install_does_not_count(text, code, position):
    assert at(text, code) == [position]
    first, second = text.split("RUN ")[1].rstrip("\n").split(" && ")
    assert at(text.replace(f"{first} && {second}", f"{second} && {first}"), code) == []


def test_pip_from_version_control_is_pinned_by_a_ref():
    text = "FROM python:3.12\nRUN pip install --no-cache-dir git+https://github.com/org/tool#egg=tool git+ssh://git@github.com/org/lib.git\n"
    assert at(text, "DF016") == [(2, 32), (2, 73)]
    assert at("FROM python:3.12\nRUN pip install --no-cache-dir git+https://github.com/org/tool@v1.2.0#egg=tool\n", "DF016") == []


def test_npm_tarballs_need_no_version_and_git_needs_a_commit():
    assert at("FROM node:22\nRUN npm install app.tar vendor/x.tgz https://example.com/y.tar.gz\n", "DF018") == []
    text = "FROM node:22\nRUN npm install git+ssh://git@github.com:org/lib.git git+ssh://git@github.com:org/lib.git#4f2c1d9 git-rev\n"
    assert at(text, "DF018") == [(2, 17), (2, 99)]


@pytest.mark.parametrize(
    "text",
    [
        "RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3\n",
        "RUN env PIP_NO_CACHE_DIR=true pip install flask==3.0.3\n",
        "RUN export PIP_NO_CACHE_DIR=on && pip install flask==3.0.3\n",
        "ENV PIP_NO_CACHE_DIR=yes\nRUN pip install flask==3.0.3\n",
        "ARG PIP_NO_CACHE_DIR=TRUE\nRUN python -m pip install flask==3.0.3\n",
    ],
)
def test_pip_no_cache_dir_set_true_is_no_cache(text):
    assert at("FROM python:3.12\n" + text, "DF041") == []


def test_pip_no_cache_dir_set_false_still_reports():
    assert at("FROM python:3.12\nRUN PIP_NO_CACHE_DIR=0 pip install flask==3.0.3\n", "DF041") == [(2, 28)]


@pytest.mark.parametrize("quiet", ["-q -q", "-qq", "--quiet --quiet", "-q --quiet", "-q=2"])
def test_apt_get_quiet_twice_is_non_interactive(quiet):
    assert at(D + f"RUN apt-get {quiet} install --no-install-recommends curl=7.88.1\n", "DF004") == []


def test_apt_get_quiet_once_still_asks():
    assert at(D + "RUN apt-get -q install --no-install-recommends curl=7.88.1\n", "DF004") == [(2, 16)]


# ---- BuildKit mounts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "mount", "run", "code"),
    [
        ("alpine:3.20", "type=cache,target=/var/cache/apk", "apk add curl=8.9.1-r0", "DF020"),
        ("alpine:3.20", "type=tmpfs,target=/var/cache/apk", "apk add curl=8.9.1-r0", "DF020"),
        ("node:22", "type=cache,target=/usr/local/share/.cache/yarn", "yarn install", "DF059"),
        ("node:22", "type=tmpfs,target=/root/.cache/yarn", "yarn install", "DF059"),
        ("fedora:40", "type=cache,target=/var/cache/libdnf5", "dnf install -y httpd-2.4.62", "DF039"),
        ("fedora:40", "type=cache,target=/var/cache/dnf", "dnf install -y httpd-2.4.62", "DF039"),
        ("opensuse/leap:15.6", "type=tmpfs,target=/var/cache/zypp", "zypper -n install git=2.43", "DF036"),
        ("python:3.12", "type=cache,target=/root/.cache/pip", "pip install flask==3.0.3", "DF041"),
        ("python:3.12", "type=tmpfs,target=/root/.cache/pip", "pip install flask==3.0.3", "DF041"),
        ("debian:12", "type=cache,target=/var/lib/apt/lists", "apt-get update && apt-get install -y --no-install-recommends curl=7.88.1", "DF012"),
    ],
)
def test_a_cache_or_tmpfs_mount_keeps_the_cache_out_of_the_layer(base, mount, run, code):
    assert at(f"FROM {base}\nRUN --mount={mount} {run}\n", code) == []
    # a bind mount there holds nothing back: the control
    assert at(f"FROM {base}\nRUN --mount=type=bind,target=/src {run}\n", code) != []


def test_apt_needs_its_lists_or_both_directories_mounted():
    run = "apt-get update && apt-get install -y --no-install-recommends curl=7.88.1\n"
    both = D + f"RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt {run}"
    assert at(both, "DF012") == []
    state_only = lint(D + f"RUN --mount=type=cache,target=/var/lib/apt {run}", select=["DF012"])
    assert [(d.span, d.message) for d in state_only] == [
        (Span(2, 52, 2, 58), "apt-get update runs with /var/lib/apt in a cache mount but not /var/cache/apt, where apt keeps the packages it downloads, in the layer; mount /var/cache/apt as well")
    ]
    archives_only = lint(D + f"RUN --mount=type=cache,target=/var/cache/apt {run}", select=["DF012"])
    assert [d.message for d in archives_only] == ["apt-get update leaves package lists in /var/lib/apt/lists, in the image; remove them with rm -rf /var/lib/apt/lists/* in the same RUN"]


# ---- stages ----------------------------------------------------------------------------


def test_user_root_inherited_from_the_parent_stage():
    text = "FROM debian:12 AS base\nUSER root\nFROM base\nRUN id\n"
    found = lint(text, select=["DF005"])
    assert [(d.span, d.message) for d in found] == [
        (Span(2, 6, 2, 10), "the final stage (line 3) inherits this USER root from the stage it builds on, so the container runs as root; switch to an unprivileged user")
    ]
    assert at("FROM debian:12 AS base\nUSER root\nFROM base\nUSER 65532\n", "DF005") == []
    assert at("FROM debian:12 AS base\nUSER root\nFROM debian:12\nRUN id\n", "DF005") == []


def test_copy_from_an_index_must_name_an_earlier_stage():
    two = "FROM debian:12 AS a\nFROM debian:12\n"
    assert at(two + "COPY --from=2 /x /y\n", "DF023") == [(3, 6)]
    assert at("FROM debian:12\nCOPY --from=1 /x /y\nFROM debian:12\n", "DF023") == [(2, 6)]
    assert at(two + "COPY --from=1 /x /y\n", "DF024") == [(3, 6)]
    assert at(two + "COPY --from=0 /x /y\n", "DF023") == []


@pytest.mark.parametrize(
    ("image", "workdir"),
    [("debian:12", "/app"), ("mcr.microsoft.com/windows/servercore:ltsc2022", "C:\\app")],
)
def test_workdir_is_not_inherited_by_an_unrelated_stage(image, workdir):
    build = f"FROM {image} AS build\nWORKDIR {workdir}\n"
    assert at(build + f"FROM {image}\nCOPY app.bin bin/\n", "DF044") == [(4, 6)]
    assert at(build + "FROM build\nCOPY app.bin bin/\n", "DF044") == []


def test_windows_destinations_with_a_drive_are_absolute():
    image = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
    assert at(image + "COPY app.exe C:\\app\\\nCOPY app.exe c:/app/\n", "DF044") == []
    assert at(image + "COPY app.exe app\\\n", "DF044") == [(2, 6)]


@pytest.mark.parametrize("keyword", ["LABEL a=b", "ENV A=1", "RUN true", "USER 65532"])
def test_an_instruction_before_the_first_from_is_dl3061(keyword):
    found = lint(f"{keyword}\nFROM debian:12\n", select=["DL3061"])
    assert [(d.code, d.span.line) for d in found] == [("DF060", 1)]
    assert at("ARG V=12\nFROM debian:${V}\n", "DL3061") == []


# ---- details -----------------------------------------------------------------------------


def test_a_copied_archive_unpacked_later_should_be_added():
    assert at(D + "COPY app.tar /\nRUN tar -xf /app.tar\n", "DF013") == [(2, 6)]
    # copied under another name
    assert at(D + "COPY app.tgz /tmp/build.tgz\nRUN tar -xzf /tmp/build.tgz -C /opt\n", "DF013") == [(2, 6)]
    assert at(D + "COPY app.tar.gz /tmp/\nRUN gunzip /tmp/app.tar.gz && tar -xf /tmp/app.tar\n", "DF013") == [(2, 6)]
    # a compressed file that is not a tar archive: ADD would not unpack it
    assert at(D + "COPY data.gz /tmp/\nRUN gunzip /tmp/data.gz\n", "DF013") == []


def test_add_of_a_compressed_local_file_may_be_an_archive():
    assert at(D + "ADD rootfs.gz /\nADD a.bz2 b.xz /opt/\n", "DF021") == []
    assert at(D + "ADD app.py /app/\n", "DF021") == [(2, 1)]


def test_healthcheck_cmd_in_shell_form():
    found = lint(D + "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/healthz || exit 1\n", select=["DF026"])
    assert [(d.span, d.message) for d in found] == [
        (
            Span(2, 28, 2, 31),
            "HEALTHCHECK CMD in shell form runs under /bin/sh -c, so every check needs that shell in the image (a distroless or scratch image has none) and starts one more process; use JSON form",
        )
    ]
    assert at(D + 'HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/healthz"]\nHEALTHCHECK NONE\n', "DF026") == []


def test_healthcheck_fix_writes_json_form():
    from cnlint.fixes import apply

    [d] = lint(D + "HEALTHCHECK CMD /app/healthcheck --port 8080\n", select=["DF026"])
    assert apply(D + "HEALTHCHECK CMD /app/healthcheck --port 8080\n", [d.fix])[0] == D + 'HEALTHCHECK CMD ["/app/healthcheck", "--port", "8080"]\n'


def test_label_keys_start_with_a_letter():
    assert at(D + "LABEL 1st.key=x\n", "DF047") == [(2, 7)]
    assert at(D + "LABEL key1=x build_id=2\n", "DF047") == []


@pytest.mark.parametrize("path", ['"C:\\"', "C:\\\\", '"C:\\\\"', "C:", "c:/app"])
def test_a_windows_drive_is_an_absolute_workdir(path):
    assert at(D + f"WORKDIR {path}\n", "DF007") == []


def test_a_relative_workdir_still_reports():
    assert at(D + "WORKDIR app\n", "DF007") == [(2, 9)]


def test_pipefail_needs_a_shell_that_has_it():
    pipe = "RUN wget -qO- https://example.com/a.tgz | tar -xz\n"
    assert at(D + 'SHELL ["/bin/sh", "-o", "pipefail", "-c"]\n' + pipe, "DF071") == [(3, 5)]
    for shell in ("/bin/bash", "/bin/ash", "zsh"):
        assert at(D + f'SHELL ["{shell}", "-o", "pipefail", "-c"]\n' + pipe, "DF071") == [], shell


def test_a_comment_ending_in_a_backslash_is_just_a_comment():
    text = D + "# install the tools \\\nUSER root\nRUN apt-get update && \\\n    # then clean up \\\n    rm -rf /var/lib/apt/lists/*\n"
    assert [(d.code, d.span.line) for d in lint(text, select=["DF005", "DF012", "CN001"])] == [("DF005", 3)]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("ARG AWS_ACCESS_KEY_ID\nFROM debian:12\n", (1, 5)),
        ("ENV GITHUB_TOKEN=x\nFROM debian:12\n", (1, 5)),
        ("ARG DEPLOY_TOKEN\nFROM debian:12\n", (1, 5)),
        ("ARG DB_PASSWORD=changeme\nFROM debian:12\n", (1, 5)),
        (D + "ARG AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY\n", (2, 5)),
    ],
)
def test_sensitive_names_anywhere_even_before_from(text, position):
    assert at(text, "DF063")[:1] == [position]


def test_names_that_only_point_at_a_secret_are_left_alone():
    assert at("ARG TOKEN_FILE\nARG APP_ID\nFROM debian:12\n", "DF063") == []


# ---- pragmas ----------------------------------------------------------------------------


def test_hadolint_stage_ignore_covers_the_stage_it_stands_before():
    text = "# hadolint stage ignore=DL3007,DL3018\nFROM alpine:latest AS build\nRUN apk add --no-cache curl\nFROM alpine:latest\nRUN apk add --no-cache curl\n"
    found = lint(text, select=["DF002", "DF019", "CN002"])
    assert [(d.code, d.span.line) for d in found] == [("DF002", 4), ("DF019", 5)]


def test_hadolint_stage_ignore_in_a_stage_covers_the_rest_of_it():
    text = "FROM alpine:3.20\nRUN apk add --no-cache curl\n# hadolint stage ignore=DL3018\nRUN apk add --no-cache wget\nRUN apk add --no-cache git\nFROM alpine:3.20\nRUN apk add --no-cache jq\n"
    assert [d.span.line for d in lint(text, select=["DF019"])] == [2, 7]


def test_inline_ignore_pragmas_are_reported_when_selected():
    text = "# hadolint global ignore=DL3007\nFROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n# cnlint: ignore=DF019\nRUN apk add --no-cache wget\n"
    assert "DF085" not in {d.code for d in lint(text)}  # off by default, as in hadolint
    found = lint(text, select=["DL1001"])
    assert [(d.code, d.span) for d in found] == [("DF085", Span(3, 1, 3, 25)), ("DF085", Span(5, 1, 5, 23))]


# ---- instructions outside a stage --------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "code"),
    [
        ("apt-get update && apt-get install -y --no-install-recommends curl=7.88.1", "DF012"),
        ("yum install -y httpd-2.4.6", "DF032"),
        ("dnf install -y httpd-2.4.62", "DF039"),
        ("zypper -n install git=2.43", "DF036"),
        ("yarn install", "DF059"),
    ],
)
def test_package_rules_judge_a_fragment_without_from(run, code):
    assert [d.span.line for d in lint(f"RUN {run}\n", select=[code])] == [1]


def test_stage_rules_judge_a_fragment_without_from():
    text = 'CMD ["a"]\nCMD ["b"]\nHEALTHCHECK CMD ["a"]\nHEALTHCHECK CMD ["b"]\nRUN wget -q https://x/a && curl -fsSO https://x/b\n'
    found = lint(text, select=["DF066", "DF015", "DF069"])
    assert [(d.code, d.span.line) for d in found] == [("DF066", 1), ("DF015", 3), ("DF069", 5)]


def test_a_run_before_a_from_does_not_ship():
    # the image is the stage FROM starts; hadolint does not count the RUN before it either
    assert at("RUN apt-get update\nFROM debian:12\n", "DF012") == []


SHELL_PRAGMA = {
    # hadolint's own cases (ShellcheckSpec), and where the pragma stops holding
    "FROM mcr.microsoft.com/foo/bar/windows:10\n# hadolint shell = powershell.exe\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n": [],
    "# hadolint shell=powershell.exe\nFROM x:1\nRUN Get-Variable $x\nFROM y:1\nRUN Get-Variable $x\n": [],
    "FROM x:1\n# hadolint shell=bash\nRUN [[ -n \"$x\" ]]\n": [],  # bash has [[
    "FROM x:1\nRUN [[ -n \"$x\" ]]\n": [2],  # sh has not
    "FROM x:1\n# hadolint shell=pwsh\nSHELL [\"/bin/sh\", \"-c\"]\nRUN echo $x\n": [4],
    "FROM x:1 AS base\n# hadolint shell=pwsh\nFROM base\nRUN echo $x\nFROM x:1\nRUN echo $y\n": [6],
    "FROM x:1\nRUN echo $x\n# hadolint shell=pwsh\nFROM x:1\nRUN echo $x\n": [2, 5],
    "FROM x:1\nRUN echo a \\\n# hadolint shell=pwsh\n  b\nRUN echo $x\n": [5],  # a comment inside a RUN is no pragma
}


@needs_shellcheck
@pytest.mark.parametrize("text", list(SHELL_PRAGMA))
def test_the_hadolint_shell_pragma_names_the_shell_shellcheck_checks(text):
    assert sorted({d.span.line for d in lint(text, select=["DF084"])}) == SHELL_PRAGMA[text]
