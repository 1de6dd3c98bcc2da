package embed

// Batch is the half-open range [Start, End) of texts sent in one request.
type Batch struct {
	Start, End int
}

// EstimateTokens returns a cheap upper estimate of the tokens of s for
// OpenAI's tokenizers: one token per three bytes, rounded up (French text
// averages about four bytes per token, accented letters take two bytes).
func EstimateTokens(s string) int {
	return (len(s) + 2) / 3
}

// Batches splits texts into consecutive batches of at most maxInputs texts
// and maxTokens estimated tokens. A text above maxTokens on its own gets a
// batch of its own (the server will judge it). maxInputs and maxTokens must
// be positive.
func Batches(texts []string, maxInputs, maxTokens int) []Batch {
	var out []Batch
	start, tokens := 0, 0
	for i, t := range texts {
		n := EstimateTokens(t)
		if i > start && (i-start >= maxInputs || tokens+n > maxTokens) {
			out = append(out, Batch{start, i})
			start, tokens = i, 0
		}
		tokens += n
	}
	if start < len(texts) {
		out = append(out, Batch{start, len(texts)})
	}
	return out
}
