package embed

// table is an open-addressing hash table keyed by feature hashes, which
// are uniformly mixed already (see mix): the low bits pick the slot.
// Every embedded text looks up hundreds of features, so this replaces Go
// maps on the hot paths. reset empties it in constant time: a slot is in
// use only when its stamp is the current epoch. The zero value is not
// usable; see newTable.
type table[V any] struct {
	keys  []uint64
	vals  []V
	stamp []uint32
	epoch uint32
	n     int
}

// newTable returns a table sized for about n keys.
func newTable[V any](n int) *table[V] {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &table[V]{keys: make([]uint64, size), vals: make([]V, size), stamp: make([]uint32, size), epoch: 1}
}

// Len returns the number of keys.
func (t *table[V]) Len() int { return t.n }

// reset removes every key.
func (t *table[V]) reset() {
	t.n = 0
	t.epoch++
	if t.epoch == 0 { // wrapped: old stamps could match again
		clear(t.stamp)
		t.epoch = 1
	}
}

// get returns the value of k.
func (t *table[V]) get(k uint64) (V, bool) {
	mask := uint64(len(t.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		if t.stamp[i] != t.epoch {
			var zero V
			return zero, false
		}
		if t.keys[i] == k {
			return t.vals[i], true
		}
	}
}

// put returns the value slot of k, adding k with the zero value when it
// is absent (added then reports true). The pointer is valid until the next
// put.
func (t *table[V]) put(k uint64) (v *V, added bool) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		if t.stamp[i] != t.epoch {
			t.stamp[i], t.keys[i] = t.epoch, k
			var zero V
			t.vals[i] = zero
			t.n++
			return &t.vals[i], true
		}
		if t.keys[i] == k {
			return &t.vals[i], false
		}
	}
}

// grow doubles the table.
func (t *table[V]) grow() {
	old := *t
	*t = *newTable[V](len(old.keys))
	for i, k := range old.keys {
		if old.stamp[i] == old.epoch {
			v, _ := t.put(k)
			*v = old.vals[i]
		}
	}
}

// each calls fn for every key and its value, in slot order.
func (t *table[V]) each(fn func(k uint64, v V)) {
	for i, k := range t.keys {
		if t.stamp[i] == t.epoch {
			fn(k, t.vals[i])
		}
	}
}
