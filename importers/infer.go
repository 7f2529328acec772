package importers

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/backtrack/backtrack/model"
)

// Sport inference for tracks whose file names no sport (a GPX without
// <type>, a TCX of Sport "Other"): the rule of docs/definitions.md, "Sport
// of an untyped track". In order:
//
//  1. a word of the track's title, the file's description or the file's
//     name that names a sport, in English or German as the apps write them
//     ("Morning Run", "Nachtlauf", "suuntoapp-Running-…", "Cycling
//     10/2/17", "Radtour");
//  2. cadence with speed: a median cadence of 70–105 (strides/min) or
//     140–210 (steps/min) at a median moving speed of 1.7–6.5 m/s is
//     running; 40–70 or 90–135 at 0.5–2.2 m/s walking (hiking when it
//     climbs 40 m per km or more);
//  3. speed alone (medians over 10 s spans of moving time): 0.5–1.9 m/s is
//     walking (or hiking, as above), 1.9–5.5 m/s with the fastest 5% under
//     7.5 m/s running, a median of 5.5 m/s or more or the fastest 5% at 9
//     m/s or more cycling;
//  4. otherwise the sport stays other.
//
// An inferred sport is marked model.SportInferred, with a warning saying
// why, and can be corrected with `backtrack sessions edit ID --sport`.

// inferWords maps words of titles and file names to sports.
var inferWords = map[string]model.Sport{
	"run": model.Running, "running": model.Running, "runs": model.Running, "jog": model.Running, "jogging": model.Running,
	"lauf": model.Running, "laufen": model.Running, "dauerlauf": model.Running, "nachtlauf": model.Running,
	"morgenlauf": model.Running, "abendlauf": model.Running, "trailrun": model.Running, "trailrunning": model.Running,
	"ride": model.Cycling, "cycling": model.Cycling, "bike": model.Cycling, "biking": model.Cycling,
	"radfahren": model.Cycling, "radtour": model.Cycling, "rad": model.Cycling, "mtb": model.Cycling, "velo": model.Cycling,
	"walk": model.Walking, "walking": model.Walking, "spaziergang": model.Walking,
	"hike": model.Hiking, "hiking": model.Hiking, "wanderung": model.Hiking, "wandern": model.Hiking,
	"swim": model.Swimming, "swimming": model.Swimming, "schwimmen": model.Swimming,
}

// inferTitleWords splits a title or file name into lower-case words at
// spaces, punctuation, digits and camel case ("suuntoapp-Running-2023",
// "MorningRun").
func inferTitleWords(s string) []string {
	var words []string
	var b strings.Builder
	prevLower := false
	flush := func() {
		if b.Len() > 0 {
			words = append(words, strings.ToLower(b.String()))
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			b.WriteRune(r)
			prevLower = unicode.IsLower(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return words
}

// inferFromWords returns the sport the first sport word of the texts
// names, with the word.
func inferFromWords(texts ...string) (model.Sport, string, bool) {
	for _, t := range texts {
		for _, w := range inferTitleWords(t) {
			if sp, ok := inferWords[w]; ok {
				return sp, w, true
			}
		}
	}
	return "", "", false
}

// inferSport infers the sport of an untyped track from its title words
// (texts: title, description, file name), then its cadence as written and
// speed. It returns false when nothing decides. climbPerKm is the track's
// ascent per km, or NaN.
func inferSport(s *model.Samples, climbPerKm float64, texts ...string) (model.Sport, string, bool) {
	if sp, w, ok := inferFromWords(texts...); ok {
		return sp, fmt.Sprintf("the word %q in its title or file name", w), true
	}
	v50, v95, ok := inferSpeeds(s)
	if !ok {
		return "", "", false
	}
	hilly := climbPerKm >= 40
	walk := func(why string) (model.Sport, string, bool) {
		if hilly {
			return model.Hiking, why + fmt.Sprintf(", climbing %.0f m per km", climbPerKm), true
		}
		return model.Walking, why, true
	}
	speed := fmt.Sprintf("median speed %s m/s", strconv.FormatFloat(v50, 'f', 1, 64))
	if c, ok := inferMedian(s.CadenceSPM); ok {
		cad := fmt.Sprintf("median cadence %.0f/min", c)
		switch {
		case (c >= 70 && c <= 105 || c >= 140 && c <= 210) && v50 >= 1.7 && v50 <= 6.5:
			return model.Running, speed + ", " + cad, true
		case (c >= 40 && c < 70 || c >= 90 && c <= 135) && v50 >= 0.5 && v50 <= 2.2:
			return walk(speed + ", " + cad)
		}
	}
	switch {
	case v50 >= 5.5 || v95 >= 9:
		return model.Cycling, speed + fmt.Sprintf(", fastest 5%% at %.1f m/s", v95), true
	case v50 >= 1.9 && v50 < 5.5 && v95 < 7.5:
		return model.Running, speed, true
	case v50 >= 0.5 && v50 < 1.9:
		return walk(speed)
	}
	return "", "", false
}

// inferSpeeds returns the median and 95th percentile of a track's speed
// over 10 s spans of its distance, counting only spans above 0.3 m/s
// (moving); false without enough of them.
func inferSpeeds(s *model.Samples) (v50, v95 float64, ok bool) {
	n := s.Len()
	var vs []float64
	j := 0
	for i := 0; i < n; i++ {
		if !model.Known(s.DistM[i]) {
			continue
		}
		if j < i {
			j = i
		}
		for j < n && (s.T[j]-s.T[i] < 10 || !model.Known(s.DistM[j])) {
			j++
		}
		if j >= n {
			break
		}
		dt := s.T[j] - s.T[i]
		if dt > 60 {
			continue // a pause or a gap, not a speed
		}
		if v := (s.DistM[j] - s.DistM[i]) / dt; v > 0.3 && v < 40 {
			vs = append(vs, v)
		}
	}
	if len(vs) < 10 {
		return 0, 0, false
	}
	slices.Sort(vs)
	return vs[len(vs)/2], vs[len(vs)*95/100], true
}

// inferMedian returns the median of the known, positive values.
func inferMedian(xs []float64) (float64, bool) {
	var v []float64
	for _, x := range xs {
		if model.Known(x) && x > 0 {
			v = append(v, x)
		}
	}
	if len(v) < 10 {
		return 0, false
	}
	slices.Sort(v)
	return v[len(v)/2], true
}

// fileStem returns a file name without its folders and extensions, for
// the words of inferFromWords ("Run_2024-03-05.gpx.gz" → "Run_2024-03-05").
func fileStem(p string) string {
	if i := strings.LastIndex(p, model.PathSep); i >= 0 {
		p = p[i+len(model.PathSep):]
	}
	p = path.Base(strings.ReplaceAll(p, `\`, "/"))
	for {
		ext := path.Ext(p)
		if ext == "" || len(ext) > 5 {
			return p
		}
		p = strings.TrimSuffix(p, ext)
	}
}
