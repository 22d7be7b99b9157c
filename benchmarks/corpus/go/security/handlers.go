package security

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/mux"
)

const dataDir = "/srv/data"

func Upload(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// want: GO033
	data, err := io.ReadAll(zr)
	if err != nil {
		return
	}
	_, _ = w.Write(data)
}

func UploadCopy(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	zr, err := gzip.NewReader(body)
	if err != nil {
		return
	}
	// want: GO033
	_, _ = io.Copy(w, zr)
}

func UploadBounded(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return
	}
	data, err := io.ReadAll(io.LimitReader(zr, 10<<20))
	if err != nil {
		return
	}
	_, _ = w.Write(data)
}

func Proxy(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// want: GO034
	resp, err := http.Get(target)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

func Forward(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	// want: GO034
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://"+host+"/status", nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	resp.Body.Close()
}

type hook struct {
	Callback string `json:"callback"`
}

func Webhook(w http.ResponseWriter, r *http.Request) {
	var h hook
	if err := json.NewDecoder(r.Body).Decode(&h); err != nil {
		return
	}
	u, err := url.Parse(h.Callback)
	if err != nil {
		return
	}
	// want: GO034
	resp, err := http.Post(u.String(), "application/json", nil)
	if err != nil {
		return
	}
	resp.Body.Close()
}

func FixedHost(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	resp, err := http.Get("https://api.example.com/users/" + id)
	if err != nil {
		return
	}
	resp.Body.Close()
	resp, err = http.Get(fmt.Sprintf("https://api.example.com/items/%s", id))
	if err != nil {
		return
	}
	resp.Body.Close()
}

var allowedHosts = map[string]bool{"api.example.com": true}

func Allowlisted(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("url"))
	if err != nil || !allowedHosts[u.Hostname()] {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	resp, err := http.Get(u.String())
	if err != nil {
		return
	}
	resp.Body.Close()
}

func Download(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	// want: GO035
	data, err := os.ReadFile(filepath.Join(dataDir, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func Serve(w http.ResponseWriter, r *http.Request) {
	// want: GO035
	http.ServeFile(w, r, dataDir+"/"+r.URL.Query().Get("file"))
}

func Save(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("upload")
	if err != nil {
		return
	}
	defer file.Close()
	// want: GO035
	out, err := os.Create(filepath.Join(dataDir, header.Filename))
	if err != nil {
		return
	}
	defer out.Close()
	_, _ = io.Copy(out, file)
}

func DownloadBase(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	data, err := os.ReadFile(filepath.Join(dataDir, name))
	if err != nil {
		return
	}
	_, _ = w.Write(data)
}

func DownloadChecked(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	if strings.Contains(name, "..") {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	f, err := os.Open(filepath.Join(dataDir, name))
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func Config(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(filepath.Join(dataDir, "config.json"))
	if err != nil {
		return
	}
	_, _ = w.Write(data)
}
