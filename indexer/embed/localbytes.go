package embed

// MarshalBinary encodes the options and learned weights as Save writes
// them, to keep them elsewhere than in a file (Postgres, shared by the
// replicas of one deployment).
func (l *Local) MarshalBinary() ([]byte, error) { return l.marshal(), nil }

// ParseLocal decodes weights encoded by MarshalBinary or Save. Damaged
// weights are refused with an error wrapping ErrCorrupt.
func ParseLocal(b []byte) (*Local, error) { return parseLocal(b) }
