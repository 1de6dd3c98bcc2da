package recordstest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

// ChildEnv is the environment variable that turns a test binary into a
// child that saves records until it is killed; its value is the location
// of the store, passed to the StoreAt function.
const ChildEnv = "TREMPLIN_RECORDS_KILL_CHILD"

// StoreAt opens the store at a location (a directory, a URL and schema).
type StoreAt func(ctx context.Context, location string) (records.Store, error)

// ChildMain, called first in TestMain, does nothing unless ChildEnv is set.
// Then it opens the store, creates Alice's record if there is none, and
// saves new versions of it forever, printing "saved N" once version N is
// committed; it never returns.
func ChildMain(open StoreAt) {
	location, ok := os.LookupEnv(ChildEnv)
	if !ok {
		return
	}
	if err := saveForever(context.Background(), open, location); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
}

func saveForever(ctx context.Context, open StoreAt, location string) error {
	s, err := open(ctx, location)
	if err != nil {
		return err
	}
	list, err := s.ByEmployee(ctx, Alice, "alice")
	if err != nil {
		return err
	}
	var e plan.Entretien
	if len(list) == 0 {
		if e, err = s.Create(ctx, Alice, markedRecord(1)); err != nil {
			return err
		}
		fmt.Println("saved", e.Version)
	} else {
		e = list[0]
	}
	for {
		next := markedRecord(e.Version + 1)
		next.ID, next.Version = e.ID, e.Version
		if e, err = s.Update(ctx, Alice, next); err != nil {
			return err
		}
		fmt.Println("saved", e.Version)
	}
}

// markedRecord is a large record whose every personal field and action
// names version n, so that a mix of two versions shows.
func markedRecord(n int64) plan.Entretien {
	e := Entretien("alice", "manon", Day(2026, 2, 2))
	mark := "v" + strconv.FormatInt(n, 10) + ";"
	e.Bilan = strings.Repeat(mark, 3000)
	e.Projet = strings.Repeat(mark, 3000)
	e.Actions = nil
	for i := range 60 {
		e.Actions = append(e.Actions, plan.Action{ID: "a" + strconv.Itoa(i), Title: mark + " action " + strconv.Itoa(i), Status: plan.StatusProposee})
	}
	e.Comments = []plan.Comment{{Author: plan.RoleManager, AuthorID: "manon", Text: strings.Repeat(mark, 500)}}
	return e
}

// checkMarked reports a record whose fields do not all name its version.
func checkMarked(e plan.Entretien) error {
	want := markedRecord(e.Version)
	if e.Bilan != want.Bilan || e.Projet != want.Projet || len(e.Actions) != len(want.Actions) ||
		len(e.Comments) != 1 || e.Comments[0].Text != want.Comments[0].Text {
		return fmt.Errorf("version %d mixes content of several versions", e.Version)
	}
	for i, a := range e.Actions {
		if a.Title != want.Actions[i].Title {
			return fmt.Errorf("version %d: actions[%d] from another version", e.Version, i)
		}
	}
	return nil
}

// KillDuringSaves runs the test binary as a child saving the store at
// location (see ChildMain) and kills it with SIGKILL after a random number
// of saves, several times. After each kill the store must hold every
// version the child reported saved, each whole, and nothing half-written.
func KillDuringSaves(t *testing.T, location string, open StoreAt) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	for round := range 6 {
		acked := runChild(t, location, 1+rng.IntN(15), time.Duration(rng.Int64N(int64(2*time.Millisecond))))
		checkAfterKill(t, round, location, open, acked)
	}
}

// runChild starts a saving child, kills it after it reported saves saves
// (and a further delay), and returns the last version it reported saved.
func runChild(t *testing.T, location string, saves int, delay time.Duration) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), ChildEnv+"="+location)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	var acked int64
	for seen := 0; seen < saves && sc.Scan(); seen++ {
		if acked, err = strconv.ParseInt(strings.TrimPrefix(sc.Text(), "saved "), 10, 64); err != nil {
			t.Fatalf("child said %q", sc.Text())
		}
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Lines written before the kill landed count as acknowledged saves.
	for sc.Scan() {
		if v, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "saved "), 10, 64); err == nil {
			acked = v
		}
	}
	err = cmd.Wait()
	if status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !status.Signaled() {
		t.Fatalf("child ended by itself (%v) before the kill: %s", err, stderr.String())
	}
	if acked == 0 {
		t.Fatalf("child was killed before its first save: %s", stderr.String())
	}
	return acked
}

func checkAfterKill(t *testing.T, round int, location string, open StoreAt, acked int64) {
	t.Helper()
	ctx := t.Context()
	s, err := open(ctx, location)
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer s.Close()
	list, err := s.ByEmployee(ctx, HRAdmin, "alice")
	if err != nil || len(list) != 1 {
		t.Fatalf("round %d: %d records after kill, %v; want 1", round, len(list), err)
	}
	e := list[0]
	if e.Version < acked || e.Version > acked+1 {
		t.Errorf("round %d: stored version %d, child reported %d saved: want it or the one after", round, e.Version, acked)
	}
	for v := int64(1); v <= e.Version; v++ {
		got, err := s.Version(ctx, HRAdmin, e.ID, v)
		if err != nil {
			t.Fatalf("round %d: Version(%d): %v", round, v, err)
		}
		if err := checkMarked(got); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
	}
	t.Logf("round %d: killed after version %d was reported saved; store holds %d", round, acked, e.Version)
}
