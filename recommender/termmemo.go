package recommender

import "sync"

// catalogTerms returns termSet(s) for a catalog text (an item's title or
// skill label), memoised: the same labels recur across items and requests,
// and analysing them again was half of Recommend's own time at 100,000
// items. Only catalog texts go through it, never a person's words. The
// returned set is shared: callers must not modify it.
func catalogTerms(s string) map[string]bool {
	return itemTermMemo.get(s)
}

// termMemoMax bounds the memo (about 10 MB of term sets at most); a full
// memo starts again empty.
const termMemoMax = 1 << 16

var itemTermMemo = &termMemo{m: make(map[string]map[string]bool)}

// termMemo is a bounded, concurrency-safe memo of termSet.
type termMemo struct {
	mu sync.RWMutex
	m  map[string]map[string]bool
}

func (tm *termMemo) get(s string) map[string]bool {
	tm.mu.RLock()
	set, ok := tm.m[s]
	tm.mu.RUnlock()
	if ok {
		return set
	}
	set = termSet(s)
	tm.mu.Lock()
	if len(tm.m) >= termMemoMax {
		clear(tm.m)
	}
	tm.m[s] = set
	tm.mu.Unlock()
	return set
}
