package importers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/model"
)

// TestResearchFilesEqualGarminSDK decodes the public FIT files with running
// dynamics and Stryd fields gathered for issue 17 (outside the repository,
// under $BACKTRACK_RESEARCH, default /work/research/fit-rd; skipped when
// absent) and compares every running-form value with the per-record CSV
// that Garmin's FIT SDK decoded (sdk-csv/NAME.sdk.csv, developer columns
// dev_INDEX_NUMBER named by out/NAME.sdk.json), matching records by
// timestamp. The structural cases these files show are rebuilt as
// fixtures in synth.FormCases, which TestFormCases runs everywhere.
func TestResearchFilesEqualGarminSDK(t *testing.T) {
	dir := os.Getenv("BACKTRACK_RESEARCH")
	if dir == "" {
		dir = "/work/research/fit-rd"
	}
	csvs, _ := filepath.Glob(filepath.Join(dir, "sdk-csv", "*.sdk.csv"))
	if len(csvs) == 0 {
		t.Skipf("no research files under %s", dir)
	}
	native := map[string]int{"power": model.ColPower, "vertical_oscillation": model.ColVerticalOscillation,
		"stance_time": model.ColGroundContact, "vertical_ratio": model.ColVerticalRatio,
		"stance_time_balance": model.ColGCTBalance, "step_length": model.ColStepLength}
	total := 0
	for _, path := range csvs {
		name := strings.TrimSuffix(filepath.Base(path), ".sdk.csv")
		t.Run(name, func(t *testing.T) {
			fit, err := os.ReadFile(filepath.Join(dir, name+".fit"))
			if err != nil {
				t.Skip(err)
			}
			res, err := DecodeFIT(bytes.NewReader(fit))
			if err != nil {
				t.Fatal(err)
			}
			// Ours, by FIT timestamp (records of one timestamp in order).
			ours := map[int64][]struct {
				s *model.Samples
				i int
			}{}
			for k := range res.Sessions {
				s := &res.Sessions[k]
				for i, ts := range s.Samples.T {
					key := s.Start.Unix() - fitEpoch + int64(ts)
					ours[key] = append(ours[key], struct {
						s *model.Samples
						i int
					}{&s.Samples, i})
				}
			}
			stryd := researchStrydColumns(t, filepath.Join(dir, "out", name+".sdk.json"))
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			head := rows[0]
			seen := map[int64]int{}
			cells, sdkOnly := 0, 0
			for _, row := range rows[1:] {
				ts, _ := strconv.ParseInt(row[0], 10, 64)
				k := seen[ts]
				seen[ts]++
				if k >= len(ours[ts]) {
					continue
				}
				o := ours[ts][k]
				for j, h := range head {
					cols := stryd[h]
					if c, ok := native[h]; ok {
						cols = []int{c}
					}
					for _, c := range cols {
						want, got := row[j], o.s.Value(c, o.i)
						if want == "" || want == "NaN" {
							if model.Known(got) {
								t.Errorf("%s at %d: %v, SDK none", model.SampleColumns[c], ts, got)
							}
							continue
						}
						w, err := strconv.ParseFloat(want, 64)
						if err != nil {
							t.Fatal(err)
						}
						if !model.Known(got) {
							sdkOnly++ // another app's field of the same number (a re-declared index)
							continue
						}
						cells++
						if got != w {
							t.Errorf("%s at %d: %v, SDK %v", model.SampleColumns[c], ts, got, w)
						}
					}
				}
			}
			total += cells
			t.Logf("%d cells equal to the SDK's (%d SDK values of another app's field)", cells, sdkOnly)
		})
	}
	t.Logf("%d cells compared in %d files", total, len(csvs))
}

// researchStrydColumns maps the SDK CSV's developer columns to the Stryd
// sample columns, from the SDK's developer_data_id and field_description
// lists (a description joins the latest declaration of its index; a
// number seen again starts the next).
func researchStrydColumns(t *testing.T, path string) map[string][]int {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var js struct {
		FileID []struct {
			Manufacturer string `json:"manufacturer"`
		} `json:"fileId"`
		Apps []struct {
			Index int    `json:"index"`
			ID    string `json:"applicationId"`
		} `json:"developerDataIds"`
		Descs []struct {
			Index int    `json:"developerDataIndex"`
			Num   int    `json:"fieldDefinitionNumber"`
			Name  string `json:"fieldName"`
		} `json:"fieldDescriptions"`
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	type app struct {
		id    string
		names map[string]int // name → number
	}
	apps := map[int][]*app{}
	for _, a := range js.Apps {
		apps[a.Index] = append(apps[a.Index], &app{id: a.ID, names: map[string]int{}})
	}
	cur := map[int]int{}
	for _, d := range js.Descs {
		list := apps[d.Index]
		if len(list) == 0 {
			continue
		}
		a := list[cur[d.Index]]
		for _, n := range a.names {
			if n == d.Num && cur[d.Index]+1 < len(list) {
				cur[d.Index]++
				a = list[cur[d.Index]]
				break
			}
		}
		a.names[strings.ToLower(strings.TrimSpace(d.Name))] = d.Num
	}
	mfr := ""
	if len(js.FileID) > 0 {
		mfr = js.FileID[0].Manufacturer
	}
	out := map[string][]int{}
	for idx, list := range apps {
		for _, a := range list {
			zero := a.id == "" || a.id == "00000000-0000-0000-0000-000000000000"
			ok := false
			for _, s := range StrydApps {
				ok = ok || a.id == s
			}
			_, power := a.names["power"]
			own := false
			for _, n := range strydNames {
				_, o := a.names[n]
				own = own || o
			}
			if !ok && !(zero && (mfr == "stryd" || power && own)) {
				continue
			}
			for _, f := range fitStryd {
				if n, ok := a.names[f.name]; ok {
					key := "dev_" + strconv.Itoa(idx) + "_" + strconv.Itoa(n)
					out[key] = append(out[key], f.col)
				}
			}
		}
	}
	return out
}
