"""XA016 build-ignores-go-mod-semantics: a build that bypasses go.mod (`go
mod init`, GO111MODULE=off) with a builder Go of 1.22 or newer, a go.mod
below 1.22 and a loop variable that outlives an iteration; exact positions
and the negatives beside them."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_files

CAPTURED = "\tfor _, name := range []string{\"a\", \"b\"} {\n\t\tgo func() { println(name) }()\n\t}\n"
KEPT = "\tvar all []*int\n\tfor i := 0; i < 3; i++ {\n\t\tall = append(all, &i)\n\t}\n\tprintln(all)\n"
WAITED = "\tvar wg sync.WaitGroup\n\tfor _, name := range []string{\"a\", \"b\"} {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); println(name) }()\n\t\twg.Wait()\n\t}\n"
PASSED = "\tfor _, name := range []string{\"a\", \"b\"} {\n\t\tprint(&name)\n\t}\n"
INIT = "COPY main.go ./\nRUN go mod init example.com/api && CGO_ENABLED=0 go build -o /out/api .\n"
FINAL = "FROM scratch\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"


def _files(build=INIT, image="golang:1.23", mod="1.21", loop=CAPTURED):
    imports = 'import "sync"\n\n' if "sync." in loop else ""
    return {
        "api/go.mod": f"module example.com/api\n\ngo {mod}\n",
        "api/main.go": f"package main\n\n{imports}func main() {{\n{loop}}}\n",
        "api/Dockerfile": f"FROM {image} AS build\nWORKDIR /src\n{build}{FINAL}",
    }


def _found(files, root: Path):
    return [(d.path, d.span.line, d.span.column, [(r.path, r.span.line) for r in d.related]) for d in lint_files(files, select=["XA016"], root=root)]


def test_go_mod_init_points_at_the_init_the_go_line_and_the_loop(tmp_path):
    found = lint_files(_files(), select=["XA016"], root=tmp_path)
    assert [(d.path, d.span.line, d.span.column, [(r.path, r.span.line, r.span.column) for r in d.related]) for d in found] == [
        ("api/Dockerfile", 4, 5, [("api/go.mod", 3, 1), ("api/main.go", 4, 2)])
    ]
    assert "Go 1.23" in found[0].message and "go 1.21" in found[0].message and "per iteration" in found[0].message


def test_an_earlier_run_of_go_mod_init_and_a_kept_address(tmp_path):
    build = "COPY main.go ./\nRUN go mod init example.com/api\nRUN go build -o /out/api .\n"
    assert _found(_files(build=build, loop=KEPT), tmp_path) == [("api/Dockerfile", 4, 5, [("api/go.mod", 3), ("api/main.go", 5)])]


def test_go111module_off_by_env_arg_or_on_the_command(tmp_path):
    env = "ENV GO111MODULE=off\nCOPY . /go/src/api/\nWORKDIR /go/src/api\nRUN go build -o /out/api .\n"
    assert _found(_files(build=env), tmp_path) == [("api/Dockerfile", 3, 5, [("api/go.mod", 3), ("api/main.go", 4)])]
    arg = env.replace("ENV", "ARG")
    assert _found(_files(build=arg), tmp_path) == [("api/Dockerfile", 3, 5, [("api/go.mod", 3), ("api/main.go", 4)])]
    command = "COPY . /go/src/api/\nWORKDIR /go/src/api\nRUN apk add git && GO111MODULE=off go build -o /out/api .\n"
    assert _found(_files(build=command), tmp_path) == [("api/Dockerfile", 5, 20, [("api/go.mod", 3), ("api/main.go", 4)])]


def test_quiet_when_go_mod_or_the_image_already_decides(tmp_path):
    assert _found(_files(mod="1.22"), tmp_path) == []
    assert _found(_files(image="golang:1.21"), tmp_path) == []
    assert _found(_files(build="COPY go.mod main.go ./\nRUN go build -o /out/api .\n"), tmp_path) == []
    assert _found(_files(build="ENV GO111MODULE=on\nCOPY . .\nRUN go build -o /out/api .\n"), tmp_path) == []


def test_quiet_when_no_loop_variable_outlives_an_iteration(tmp_path):
    assert _found(_files(loop=WAITED), tmp_path) == []
    assert _found(_files(loop=PASSED), tmp_path) == []
    assert _found(_files(loop="\tfor _, name := range []string{\"a\"} {\n\t\tprintln(name)\n\t}\n"), tmp_path) == []


def test_quiet_when_the_init_is_elsewhere_or_overwritten(tmp_path):
    elsewhere = "COPY main.go ./\nRUN cd /tmp && go mod init tools && go install golang.org/x/tools/cmd/stringer@latest\nRUN go build -o /out/api .\n"
    assert _found(_files(build=elsewhere), tmp_path) == []
    overwritten = "RUN go mod init example.com/api\nCOPY . .\nRUN go build -o /out/api .\n"
    assert _found(_files(build=overwritten), tmp_path) == []
    other_dir = "COPY main.go ./\nRUN go mod init example.com/api\nWORKDIR /elsewhere\nRUN go build -o /out/api /src\n"
    assert _found(_files(build=other_dir), tmp_path) == []


def _on_disk(files, root: Path):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return files


def test_a_copy_of_go_files_after_the_init_keeps_the_fresh_go_mod(tmp_path):
    build = "COPY main.go ./\nRUN go mod init example.com/api\nCOPY main.go *.go ./\nRUN go build -o /out/api .\n"
    assert _found(_files(build=build), tmp_path) == []  # what the sources are is not on disk: unknown
    assert _found(_on_disk(_files(build=build), tmp_path), tmp_path) == [("api/Dockerfile", 4, 5, [("api/go.mod", 3), ("api/main.go", 4)])]
    assert _found(_files(build=build.replace("*.go", "*")), tmp_path) == []
    assert _found(_files(build=build.replace("main.go *.go", "go.*")), tmp_path) == []


def test_go111module_off_exported_in_the_run(tmp_path):
    build = "COPY . /go/src/api/\nWORKDIR /go/src/api\nRUN export GO111MODULE=off && go build -o /out/api .\n"
    assert _found(_files(build=build), tmp_path) == [("api/Dockerfile", 5, 31, [("api/go.mod", 3), ("api/main.go", 4)])]
    assert _found(_files(build=build.replace("export", "echo")), tmp_path) == []
    assert _found(_files(build=build.replace("&&", "&& export GO111MODULE=on &&")), tmp_path) == []
