// Reads one duration per line on stdin and answers, one line each, what Go's
// time.ParseDuration makes of it: "ok <nanoseconds> <Duration.String()>" or "err <message>".
// The differential test in ../duration_go.rs compares these answers with charm-spec's parser.
package main

import (
	"bufio"
	"fmt"
	"os"
	"time"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		d, err := time.ParseDuration(in.Text())
		if err != nil {
			fmt.Fprintf(out, "err %v\n", err)
		} else {
			fmt.Fprintf(out, "ok %d %s\n", int64(d), d.String())
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
