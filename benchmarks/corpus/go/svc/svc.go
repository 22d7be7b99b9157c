package svc

import (
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

func InsecureClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		// want: GO001
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}}
}

func OldTLS() *tls.Config {
	// want: GO017
	return &tls.Config{MinVersion: tls.VersionTLS10}
}

func ModernTLS() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12}
}

func ServeBare(h http.Handler) error {
	// want: GO004
	return http.ListenAndServe(":8080", h)
}

func NoHeaderTimeout(h http.Handler) *http.Server {
	// want: GO016
	return &http.Server{Addr: ":8080", Handler: h}
}

func WithHeaderTimeout(h http.Handler) *http.Server {
	return &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}
}

// want: GO018
const apiToken = "tY8#kq2LzP9wQ4"

const (
	tokenHeader = "X-Auth-Token"
	password    = "changeme"
)

// want: GO018
var dsn = "postgres://orders:s3cr3tPw@db:5432/orders"

func Archive(name string) error {
	// want: GO019
	return exec.Command("sh", "-c", "tar czf "+name+".tgz data").Run()
}

func ArchiveDirect(name string) error {
	return exec.Command("tar", "czf", name+".tgz", "data").Run()
}

func FindUser(db *sql.DB, name string) (*sql.Rows, error) {
	// want: GO020
	return db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
}

func DeleteUser(db *sql.DB, id string) error {
	// want: GO020
	_, err := db.Exec("DELETE FROM users WHERE id = " + id)
	return err
}

func FindPage(db *sql.DB, name string, page int) (*sql.Rows, error) {
	q := "SELECT * FROM users WHERE name = $1 OFFSET " + strconv.Itoa(page*10)
	return db.Query(q, name)
}

func NewSessionToken() string {
	// want: GO021
	return strconv.FormatInt(rand.Int63(), 36)
}

func Jitter() time.Duration {
	return time.Duration(rand.Intn(100)) * time.Millisecond
}

func SaveKey(key []byte) error {
	// want: GO022
	return os.WriteFile("tls.key", key, 0644)
}

func SavePage(page []byte) error {
	return os.WriteFile("index.html", page, 0644)
}

func Fetch(url string, out any) error {
	// want: GO024
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func FetchClosed(url string, out any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

func Ping(url string) error {
	resp, err := http.Get(url)
	// want: GO025 GO029
	defer resp.Body.Close()
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
