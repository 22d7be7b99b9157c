module example.com/loopclosure

go 1.21

require (
	github.com/sourcegraph/conc v0.3.0
	golang.org/x/sync v0.7.0
)

// Stand-ins with the API the rules follow, so the oracles build offline.
replace (
	github.com/sourcegraph/conc => ./third_party/conc
	golang.org/x/sync => ./third_party
)
