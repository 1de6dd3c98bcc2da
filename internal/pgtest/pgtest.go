// Package pgtest gives tests a Postgres to run against: the database of
// TREMPLIN_TEST_DATABASE_URL and a fresh schema in it, dropped when the
// test ends. Without the variable, tests skip, except in CI (CI=true),
// where Postgres tests must run and fail instead.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// URL returns TREMPLIN_TEST_DATABASE_URL, skipping tb when it is unset, or
// failing it in CI.
func URL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("TREMPLIN_TEST_DATABASE_URL is unset but CI=true: Postgres tests must run in CI")
		}
		tb.Skip("TREMPLIN_TEST_DATABASE_URL is unset: skipping Postgres tests (see .ci/run)")
	}
	return url
}

// Schema returns the name of a fresh schema ("test_" and 12 random hex
// digits) for url's database, dropped with everything in it when tb ends.
// The schema itself is left for the store under test to create.
func Schema(tb testing.TB, url string) string {
	tb.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand never fails on Linux
	schema := "test_" + hex.EncodeToString(b)
	tb.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}
