package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

// childArgsEnv, when set, makes the test binary act as the tremplin command
// with these arguments (separated by \x1f): tests run it as a child process
// they can kill.
const childArgsEnv = "TREMPLIN_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(childArgsEnv); ok {
		err := run(context.Background(), strings.Split(args, "\x1f"), os.Getenv, os.Stdout, os.Stderr)
		if err != nil {
			os.Exit(exitCode(err))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
