// A gRPC health server with nothing but the standard library, for the
// verify tests: it speaks just enough HTTP/2 (cleartext, literal headers)
// to answer grpc.health.v1.Health/Check with SERVING, or NOT_SERVING when
// started with the argument not-serving.
package main

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"os"
)

func frame(w io.Writer, kind, flags byte, stream uint32, payload []byte) {
	head := make([]byte, 9)
	head[0], head[1], head[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	head[3], head[4] = kind, flags
	binary.BigEndian.PutUint32(head[5:], stream)
	w.Write(append(head, payload...))
}

// literal is an HPACK header field without indexing, its name new and no Huffman coding.
func literal(name, value string) []byte {
	out := append([]byte{0x00, byte(len(name))}, name...)
	out = append(out, byte(len(value)))
	return append(out, value...)
}

func serve(conn net.Conn, status byte) {
	defer conn.Close()
	in := bufio.NewReader(conn)
	preface := make([]byte, 24)
	if _, err := io.ReadFull(in, preface); err != nil {
		return
	}
	frame(conn, 4, 0, 0, nil) // SETTINGS
	for {
		head := make([]byte, 9)
		if _, err := io.ReadFull(in, head); err != nil {
			return
		}
		size := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
		kind, flags := head[3], head[4]
		stream := binary.BigEndian.Uint32(head[5:]) & 0x7fffffff
		payload := make([]byte, size)
		if _, err := io.ReadFull(in, payload); err != nil {
			return
		}
		if kind == 4 && flags&1 == 0 {
			frame(conn, 4, 1, 0, nil) // SETTINGS ACK
		}
		if (kind == 0 || kind == 1) && flags&1 == 1 && stream != 0 { // the request ended
			frame(conn, 1, 4, stream, append(literal(":status", "200"), literal("content-type", "application/grpc")...))
			frame(conn, 0, 0, stream, []byte{0, 0, 0, 0, 2, 0x08, status})
			frame(conn, 1, 5, stream, literal("grpc-status", "0"))
		}
	}
}

func main() {
	status := byte(1) // SERVING
	if len(os.Args) > 1 && os.Args[1] == "not-serving" {
		status = 2
	}
	listener, err := net.Listen("tcp", ":50051")
	if err != nil {
		panic(err)
	}
	for {
		conn, err := listener.Accept()
		if err == nil {
			go serve(conn, status)
		}
	}
}
