// Package calibrate learns the recommender's confidence model — a logistic
// regression of relevance on the candidates' features — and measures how
// well calibrated it is on held-back folds (reliability by decile, Brier
// score, expected calibration error).
package calibrate

import (
	"errors"
	"hash/fnv"
	"math"

	"github.com/tremplin/tremplin/recommender"
)

// Sample is one candidate of one judged query.
type Sample struct {
	// Group is what folds never split: the query's target métier.
	Group string
	// Fold is the cross-validation fold the sample is held back in
	// (Fold(Group, k), or one fold per query set): samples of one group
	// share it.
	Fold int
	// Query is the query's id.
	Query    string
	ID       string
	Features recommender.Features
	// Scope is the request's in-scope factor: the confidence served is
	// Scope times the model's probability.
	Scope    float64
	Relevant bool
}

// ErrNoSamples reports a fit without samples or without both labels.
var ErrNoSamples = errors.New("calibrate: need relevant and non-relevant samples")

// Fit learns a logistic model by Newton's method with an L2 penalty
// lambda on the weights (not the bias).
func Fit(samples []Sample, lambda float64, name string) (recommender.Model, error) {
	pos := 0
	for _, s := range samples {
		if s.Relevant {
			pos++
		}
	}
	if pos == 0 || pos == len(samples) {
		return recommender.Model{}, ErrNoSamples
	}
	const d = dim
	w := make([]float64, d)
	w[d-1] = math.Log(float64(pos) / float64(len(samples)-pos))
	for iter := 0; iter < 50; iter++ {
		var g [d]float64
		var h [d][d]float64
		for _, s := range samples {
			x := row(s.Features)
			p := sigmoid(dot(w, x[:]))
			y := 0.0
			if s.Relevant {
				y = 1
			}
			for i := 0; i < d; i++ {
				g[i] += (p - y) * x[i]
				for j := 0; j <= i; j++ {
					h[i][j] += p * (1 - p) * x[i] * x[j]
				}
			}
		}
		for i := 0; i < d; i++ {
			for j := 0; j < i; j++ {
				h[j][i] = h[i][j]
			}
			if i < d-1 {
				g[i] += lambda * w[i]
				h[i][i] += lambda
			}
			h[i][i] += 1e-9
		}
		step, err := solve(h, g)
		if err != nil {
			return recommender.Model{}, err
		}
		change := 0.0
		for i := range w {
			w[i] -= step[i]
			change = max(change, math.Abs(step[i]))
		}
		if change < 1e-7 {
			break
		}
	}
	return recommender.Model{
		Name: name, Bias: w[d-1], Weights: append([]float64(nil), w[:d-1]...),
		Features: append([]string(nil), recommender.FeatureNames...),
	}, nil
}

// dim is the number of features plus the bias, which comes last.
const dim = len(recommender.Features{}) + 1

func row(f recommender.Features) [dim]float64 {
	var x [dim]float64
	copy(x[:], f[:])
	x[len(x)-1] = 1
	return x
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [dim][dim]float64, g [dim]float64) ([]float64, error) {
	n := len(g)
	a := make([][]float64, n)
	for i := range a {
		a[i] = append(append([]float64(nil), h[i][:]...), g[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return nil, errors.New("calibrate: singular Hessian")
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, nil
}

// Fold is the fold of a group among k: groups, never samples, are split.
func Fold(group string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(group))
	return int(h.Sum32() % uint32(k))
}

// CrossValidate fits one model per fold (Sample.Fold, 0 to k−1) on the
// other folds and returns, for every sample, the probability given by the
// model that never saw its fold, and the models by fold.
func CrossValidate(samples []Sample, k int, lambda float64) ([]float64, []recommender.Model, error) {
	preds := make([]float64, len(samples))
	models := make([]recommender.Model, k)
	for f := 0; f < k; f++ {
		var train []Sample
		for _, s := range samples {
			if s.Fold != f {
				train = append(train, s)
			}
		}
		m, err := Fit(train, lambda, "fold")
		if err != nil {
			return nil, nil, err
		}
		models[f] = m
		for i, s := range samples {
			if s.Fold == f {
				preds[i] = s.Scope * m.Probability(s.Features)
			}
		}
	}
	return preds, models, nil
}

// Bin is one row of a reliability table.
type Bin struct {
	Lo, Hi   float64
	N        int
	MeanPred float64
	Rate     float64 // share of relevant samples
}

// Calibration measures predictions against labels.
type Calibration struct {
	Bins  []Bin
	Brier float64
	// ECE is the expected calibration error: Σ N_b/N · |rate_b − mean_b|.
	ECE float64
	N   int
}

// Measure computes the reliability table by decile of predicted
// probability ([0, 0.1), …, [0.9, 1]), the Brier score and the ECE.
func Measure(preds []float64, samples []Sample) Calibration {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/10, float64(i+1)/10
	}
	var c Calibration
	for i, p := range preds {
		y := 0.0
		if samples[i].Relevant {
			y = 1
		}
		c.Brier += (p - y) * (p - y)
		b := &bins[min(int(p*10), 9)]
		b.N++
		b.MeanPred += p
		b.Rate += y
	}
	c.N = len(preds)
	if c.N == 0 {
		return c
	}
	c.Brier /= float64(c.N)
	for i := range bins {
		b := &bins[i]
		if b.N > 0 {
			b.MeanPred /= float64(b.N)
			b.Rate /= float64(b.N)
			c.ECE += float64(b.N) / float64(c.N) * math.Abs(b.Rate-b.MeanPred)
		}
	}
	c.Bins = bins
	return c
}
