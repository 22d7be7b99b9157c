module example.com/security

go 1.22

require github.com/gorilla/mux v1.8.1

// A stand-in with the API the rules follow, so the oracles build offline.
replace github.com/gorilla/mux => ./third_party/mux
