// Command vulnmodules fails when a module of the build is at a version
// listed as vulnerable in a file kept in the repository, without any
// network access. CI runs it as
//
//	go list -m all | go run ./scripts/vulnmodules .ci/vulnerable-modules.txt
//
// Each line of the list is "module range id [note…]", where range is one
// or more comma-separated bounds on the version, all of which must hold:
// "<v0.59.1", ">=v1.2.0,<v1.2.5", "=v1.0.0". Blank lines and lines starting
// with "#" are ignored. The exit code is 0 when no module matches, 1 when
// one does, 2 when the list or the input cannot be read.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// errVulnerable reports that at least one module matched the list.
var errVulnerable = errors.New("vulnerable modules")

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage : go list -m all | vulnmodules LISTE")
		return 2
	}
	err := check(args[0], stdin, stdout)
	switch {
	case errors.Is(err, errVulnerable):
		return 1
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 2
	}
	return 0
}

// check reads the list at path and the output of "go list -m all" from
// modules, and writes one line per vulnerable module to out.
func check(path string, modules io.Reader, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("liste des modules vulnérables illisible : %w", err)
	}
	defer f.Close()
	entries, err := parseList(f, path)
	if err != nil {
		return err
	}
	found := 0
	sc := bufio.NewScanner(modules)
	for sc.Scan() {
		mod, version, ok := effective(sc.Text())
		if !ok {
			continue
		}
		for _, e := range entries {
			if e.module == mod && e.matches(version) {
				fmt.Fprintf(out, "module vulnérable : %s %s (%s, versions %s) — %s:%d\n",
					mod, version, e.id, e.bounds, path, e.line)
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lecture de la liste des modules : %w", err)
	}
	if found > 0 {
		return fmt.Errorf("%w: %d", errVulnerable, found)
	}
	return nil
}

// effective returns the module path and version that a line of
// "go list -m all" builds with: the replacement's when there is one. The
// main module and replacements by a directory have no version: ok is false.
func effective(line string) (mod, version string, ok bool) {
	fields := strings.Fields(line)
	if i := indexOf(fields, "=>"); i >= 0 {
		fields = fields[i+1:]
	}
	if len(fields) < 2 || !semver.IsValid(fields[1]) {
		return "", "", false
	}
	return fields[0], fields[1], true
}

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}
