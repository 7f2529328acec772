package importers_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

func ExampleDecodeFIT() {
	// A 10-minute run recorded in India (+05:30), written as a FIT file.
	run := model.NewSession(model.Running, time.Date(2024, 3, 2, 1, 0, 0, 0, time.UTC))
	run.OffsetS = 5*3600 + 30*60
	for t := 0; t <= 600; t++ {
		s := model.MissingSample(float64(t))
		s.DistM, s.HR, s.CadenceSPM = 2.8*float64(t), 150, 172
		run.Samples.Append(s)
	}
	run.ElapsedS, run.TimerS, run.DistanceM = 600, 600, 1680
	var file bytes.Buffer
	if err := synth.WriteFIT(&file, run, synth.FITOptions{Manufacturer: "garmin"}); err != nil {
		log.Fatal(err)
	}

	res, err := importers.DecodeFIT(&file)
	if reason, skipped := importers.IsSkip(err); skipped {
		fmt.Println("skipped:", reason)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	s := res.Sessions[0]
	fmt.Println(res.Status, s.Sport, s.Local().Format(time.DateTime), s.OffsetOrigin)
	fmt.Printf("%d samples, %.0f m, cadence %.0f steps/min\n", s.Samples.Len(), s.DistanceM, s.Samples.CadenceSPM[0])
	// Output:
	// ok running 2024-03-02 06:30:00 device
	// 601 samples, 1680 m, cadence 172 steps/min
}

func ExampleFITDecoder_Decode() {
	// One decoder per goroutine, reused for every file.
	dec := importers.NewFITDecoder(importers.WithoutSamples())
	for _, data := range [][]byte{[]byte("not fit at all"), {}} {
		_, err := dec.Decode(bytes.NewReader(data))
		fmt.Println(err)
	}
	// Output:
	// not a FIT file: the first byte is 110, not a FIT header size of 12 or 14
	// not a FIT file: the file is empty
}
