package synth

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// ExportOptions choose how [Athlete.WriteGarminExport] and
// [Athlete.WriteStravaExport] lay the athlete out. Both writers make the same
// choices from the same options, so the two exports of one athlete agree on
// which runs Strava holds.
type ExportOptions struct {
	// Email is the account's address, part of Garmin's file names; "" means
	// "athlete@example.com".
	Email string
	// Parts is how many UploadedFiles_0-_PartN.zip the Garmin export splits
	// the activity files into; fewer than 2 means 2 (or one per activity
	// when there are fewer activities).
	Parts int
	// StravaShare is the share of runs also in the Strava export, spread
	// evenly over the record; 0 means 0.3, and it is capped at 1.
	StravaShare float64
}

// Garmin export layout: the members every export holds.
const (
	// GarminFitnessDir holds the summaries.
	GarminFitnessDir = "DI_CONNECT/DI-Connect-Fitness"
	// GarminUploadDir holds the UploadedFiles_0-_PartN.zip archives.
	GarminUploadDir = "DI_CONNECT/DI-Connect-Uploaded-Files"
)

// ExportedActivity is one of the athlete's sessions as the exports hold it.
type ExportedActivity struct {
	// Index is the session's index in [Athlete.Sessions].
	Index int
	// GarminID is the activity id in the Garmin export; its FIT file is
	// "<email>_<GarminID>.fit".
	GarminID int64
	// GarminName is the name in Garmin's summaries, "" when the summary
	// has none (one activity in three).
	GarminName string
	// GarminPart is the nested zip holding the FIT file, as a path inside
	// the export ("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip").
	GarminPart string
	// GarminFile is the FIT file's name inside GarminPart.
	GarminFile string
	// NoLocalTimestamp is true when the FIT file has no
	// activity.local_timestamp, so that only the summaries give its offset.
	NoLocalTimestamp bool
	// StravaID is the Strava activity id, "" when Strava has no copy.
	StravaID string
	// StravaName is the name in activities.csv (and in a GPX copy's track).
	StravaName string
	// StravaFile is the copy's path inside the Strava export
	// ("activities/123.fit.gz"), as activities.csv names it.
	StravaFile string
	// StravaFormat is the copy's format ("" without a copy).
	StravaFormat model.Format
	// StravaMissing is true when activities.csv lists the copy but the
	// export does not hold its file.
	StravaMissing bool
	// StravaSameBytes is true when the Strava copy is the watch's original
	// FIT file, byte for byte (an import sees the same hash).
	StravaSameBytes bool
}

// HasStravaFile reports whether the Strava export holds a file of the
// activity.
func (e ExportedActivity) HasStravaFile() bool { return e.StravaID != "" && !e.StravaMissing }

// ExportManifest says what [Athlete.WriteGarminExport] or
// [Athlete.WriteStravaExport] wrote, for tests to compute their expectations
// from. Counts of the other export are zero.
type ExportManifest struct {
	// Files counts every file in the export: members of the top-level zip
	// and of nested zips, not the nested zips themselves.
	Files int
	// Activities counts the activity files (Garmin: the FIT files; Strava:
	// the .fit.gz, .gpx.gz and .tcx.gz files present).
	Activities int
	// Runs and Strength count the Garmin export's run and strength FIT
	// files; Sets counts their active strength sets.
	Runs, Strength, Sets int
	// FITFiles counts the activity FIT files (Garmin: all activities;
	// Strava: the .fit.gz copies).
	FITFiles int
	// NonActivityFiles counts the files that are neither activities nor
	// index files: Garmin's monitoring and settings FIT files, JSON files and
	// a PNG; Strava's routes and profile.csv.
	NonActivityFiles int
	// NonActivityFIT counts the FIT files among them.
	NonActivityFIT int
	// IndexFiles counts summarizedActivities.json or activities.csv (1).
	IndexFiles int
	// NoLocalTimestamp counts the Garmin FIT files without local_timestamp.
	NoLocalTimestamp int
	// Manual counts activities the index lists without a file (entered by
	// hand): one per export.
	Manual int
	// StravaFIT, StravaGPX and StravaTCX count the Strava copies present,
	// by format; StravaSameBytes those byte-identical to the Garmin file.
	StravaFIT, StravaGPX, StravaTCX, StravaSameBytes int
	// StravaOnly counts Strava activities the watch did not record (a walk
	// recorded with the phone); their sessions are in Extra.
	StravaOnly int
	// Routes counts Strava's routes/*.gpx (no times: not sessions).
	Routes int
	// MissingListed counts Strava rows whose file the export does not hold.
	MissingListed int
	// Exported lists every athlete session with what the exports hold of
	// it, in start order.
	Exported []ExportedActivity
	// Extra are the sessions of activities that are not the athlete's
	// (StravaOnly), as written.
	Extra []model.Session
}

func (o ExportOptions) withDefaults(activities int) ExportOptions {
	if o.Email == "" {
		o.Email = "athlete@example.com"
	}
	if o.Parts < 2 {
		o.Parts = 2
	}
	if activities > 0 && o.Parts > activities {
		o.Parts = activities
	}
	if o.StravaShare <= 0 {
		o.StravaShare = 0.3
	}
	o.StravaShare = math.Min(o.StravaShare, 1)
	return o
}

// garminPartName is the path of nested zip p (0-based) inside the export.
func garminPartName(p int) string {
	return fmt.Sprintf("%s/UploadedFiles_0-_Part%d.zip", GarminUploadDir, p+1)
}

// exportPlan decides, for every session, its ids, names, file names and
// Strava copy. Both export writers call it, so they agree.
func (a *Athlete) exportPlan(o ExportOptions) []ExportedActivity {
	n := len(a.Sessions)
	plan := make([]ExportedActivity, n)
	run := 0
	var chosen []int // indexes of runs with a Strava copy
	for i := range a.Sessions {
		s := &a.Sessions[i]
		e := &plan[i]
		e.Index = i
		e.GarminID = 12_345_600_000 + int64(i)*1_237
		e.GarminPart = garminPartName(i * o.Parts / n)
		e.GarminFile = o.Email + "_" + strconv.FormatInt(e.GarminID, 10) + ".fit"
		e.NoLocalTimestamp = i%4 == 1
		if s.Sport == model.Running {
			e.GarminName = "London Running"
			run++
			if math.Floor(float64(run)*o.StravaShare) != math.Floor(float64(run-1)*o.StravaShare) {
				chosen = append(chosen, i)
			}
		} else {
			e.GarminName = "Strength"
		}
		if i%3 == 2 {
			e.GarminName = "" // never titled: the summary has no name
		}
	}
	missing := -1
	if len(chosen) >= 2 {
		missing = min(4, len(chosen)-1)
	}
	for j, i := range chosen {
		s := &a.Sessions[i]
		e := &plan[i]
		id := 10_512_000_000 + int64(i)*1_021
		e.StravaID = strconv.FormatInt(id, 10)
		e.StravaName = stravaName(s)
		if j%4 == 3 {
			e.StravaName = "Canal loop with Sam, \"easy\""
		}
		switch j % 3 {
		case 0:
			e.StravaFormat = model.FormatFIT
			e.StravaSameBytes = j == 0
		case 1:
			e.StravaFormat = model.FormatGPX
			if !hasPositions(s) {
				e.StravaFormat = model.FormatTCX // a treadmill run: GPX needs positions
			}
		default:
			e.StravaFormat = model.FormatTCX
		}
		e.StravaFile = "activities/" + e.StravaID + "." + string(e.StravaFormat) + ".gz"
		e.StravaMissing = j == missing
	}
	return plan
}

// exportTime is the modification time of every zip member: the end of the
// athlete's record, so the same athlete gives the same bytes.
func (a *Athlete) exportTime() time.Time {
	if len(a.Sessions) == 0 {
		return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return a.Sessions[len(a.Sessions)-1].End().Add(24 * time.Hour).Truncate(time.Hour).UTC()
}

// zipAdd writes one deflated member.
func zipAdd(zw *zip.Writer, name string, mod time.Time, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// zipDir writes a folder entry.
func zipDir(zw *zip.Writer, name string, mod time.Time) error {
	_, err := zw.CreateHeader(&zip.FileHeader{Name: name + "/", Method: zip.Store, Modified: mod})
	return err
}

// WriteGarminExport writes a Garmin Connect-style data export zip of the
// athlete to w:
//   - DI_CONNECT/DI-Connect-Fitness/<email>_0_summarizedActivities.json in
//     the real nested shape ([{"summarizedActivitiesExport":[…]}]) with
//     activityId, name (absent for one activity in three), activityType
//     {typeKey}, startTimeGmt and startTimeLocal (epoch ms; local wall clock
//     read as UTC), duration and elapsedDuration (ms) and distance (cm), for
//     every activity plus one entered by hand that has no file;
//   - the activities' FIT files, "<email>_<activityId>.fit", in nested zips
//     DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip …
//     PartN.zip (o.Parts, at least 2), in start order, with a monitoring FIT
//     file in the first part and a settings FIT file in the last; one
//     activity in four has no activity.local_timestamp
//     ([FITOptions].NoLocalTimestamp), so only its summary gives its offset;
//   - a profile PNG and JSON files in DI-Connect-User and DI-Connect-Wellness.
//
// Every member is deflated (the nested zips' members too, with data
// descriptors, as Go's zip writer writes them). The same athlete and options
// give the same bytes.
func (a *Athlete) WriteGarminExport(w io.Writer, o ExportOptions) (ExportManifest, error) {
	o = o.withDefaults(len(a.Sessions))
	plan := a.exportPlan(o)
	m := ExportManifest{Exported: plan}
	mod := a.exportTime()
	fail := func(err error) (ExportManifest, error) {
		return ExportManifest{}, fmt.Errorf("write garmin export: %w", err)
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	zw := zip.NewWriter(bw)
	for _, d := range []string{"DI_CONNECT", GarminFitnessDir} {
		if err := zipDir(zw, d, mod); err != nil {
			return fail(err)
		}
	}
	sums := a.garminSummaries(plan)
	if err := zipAdd(zw, GarminFitnessDir+"/"+o.Email+"_0_summarizedActivities.json", mod, sums); err != nil {
		return fail(err)
	}
	m.Files++
	m.IndexFiles++
	m.Manual++
	if err := zipDir(zw, GarminUploadDir, mod); err != nil {
		return fail(err)
	}

	var part, fitBuf bytes.Buffer
	run := 0
	i := 0
	for p := 0; p < o.Parts; p++ {
		part.Reset()
		pz := zip.NewWriter(&part)
		name := garminPartName(p)
		for ; i < len(plan) && plan[i].GarminPart == name; i++ {
			e := &plan[i]
			s := &a.Sessions[i]
			fo := FITOptions{NoLocalTimestamp: e.NoLocalTimestamp, Manufacturer: "garmin"}
			if s.Sport == model.Running {
				run++
				fo.FractionalCadence = IsFractionalRun(run)
				m.Runs++
			} else {
				m.Strength++
				m.Sets += len(s.Sets)
			}
			fitBuf.Reset()
			if err := WriteFIT(&fitBuf, *s, fo); err != nil {
				return fail(fmt.Errorf("activity %d: %w", e.GarminID, err))
			}
			if err := zipAdd(pz, e.GarminFile, mod, fitBuf.Bytes()); err != nil {
				return fail(err)
			}
			m.Files++
			m.Activities++
			m.FITFiles++
			if e.NoLocalTimestamp {
				m.NoLocalTimestamp++
			}
			if p == 0 && (i == 1 || len(plan) == 1) {
				// A day's monitoring file among the activities, as the watch uploaded it.
				if err := zipAdd(pz, o.Email+"_98765432101.fit", mod, nonActivityFIT(typedef.FileMonitoringB, s.Start)); err != nil {
					return fail(err)
				}
				m.Files++
				m.NonActivityFiles++
				m.NonActivityFIT++
			}
		}
		if p == o.Parts-1 {
			if err := zipAdd(pz, o.Email+"_98765432102.fit", mod, nonActivityFIT(typedef.FileSettings, mod.Add(-time.Hour))); err != nil {
				return fail(err)
			}
			m.Files++
			m.NonActivityFiles++
			m.NonActivityFIT++
		}
		if err := pz.Close(); err != nil {
			return fail(err)
		}
		if err := zipAdd(zw, name, mod, part.Bytes()); err != nil {
			return fail(err)
		}
	}

	others := []struct {
		name string
		data []byte
	}{
		{"DI_CONNECT/DI-Connect-User/profile.png", profilePNG()},
		{"DI_CONNECT/DI-Connect-User/user_profile.json", []byte(`{"userName":"` + o.Email + `","gender":"FEMALE","weight":61000.0,"height":168.0,"birthDate":"1990-05-12"}` + "\n")},
		{"DI_CONNECT/DI-Connect-Wellness/" + o.Email + "_sleepData.json", a.sleepJSON()},
	}
	for _, f := range others {
		if err := zipAdd(zw, f.name, mod, f.data); err != nil {
			return fail(err)
		}
		m.Files++
		m.NonActivityFiles++
	}
	if err := zw.Close(); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return m, nil
}

// garminManualID is the activity id of the activity entered by hand.
const garminManualID = 12_345_599_999

// garminSummaries writes the summarizedActivities JSON.
func (a *Athlete) garminSummaries(plan []ExportedActivity) []byte {
	var b bytes.Buffer
	b.WriteString(`[{"summarizedActivitiesExport":[`)
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) + ".0" }
	num := func(v float64) string {
		if !model.Known(v) {
			return "0.0"
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	for i, e := range plan {
		s := &a.Sessions[e.Index]
		if i > 0 {
			b.WriteByte(',')
		}
		typ, typeID := "strength_training", 13
		if s.Sport == model.Running {
			typ, typeID = "running", 1
		}
		fmt.Fprintf(&b, `{"activityId":%d,"uuidMsb":%d,`, e.GarminID, 7000+e.GarminID%997)
		if e.GarminName != "" {
			fmt.Fprintf(&b, `"name":%q,`, e.GarminName)
		}
		local := s.Start.Add(time.Duration(s.OffsetS) * time.Second)
		fmt.Fprintf(&b, `"activityType":{"typeKey":%q,"typeId":%d},"sportType":%q,"startTimeGmt":%s,"startTimeLocal":%s,"beginTimestamp":%s,`,
			typ, typeID, strings.ToUpper(typ), ms(s.Start), ms(local), ms(s.Start))
		fmt.Fprintf(&b, `"duration":%s,"elapsedDuration":%s,"movingDuration":%s,"distance":%s,"avgHr":%s,"manufacturer":"GARMIN","lapCount":%d`,
			num(s.TimerS*1000), num(s.ElapsedS*1000), num(s.TimerS*1000), num(s.DistanceM*100), num(s.AvgHR), len(s.Laps))
		if len(s.Sets) > 0 {
			fmt.Fprintf(&b, `,"summarizedExerciseSets":[{"category":"TOTAL","reps":%d,"sets":%d}]`, totalReps(s.Sets), len(s.Sets))
		}
		b.WriteByte('}')
	}
	// One activity entered by hand on Connect: no file anywhere.
	start := a.exportTime().Add(-48 * time.Hour)
	if len(a.Sessions) > 0 {
		start = a.Sessions[0].Start.Add(36 * time.Hour)
	}
	off := zoneOffset(a.Zone, start)
	if len(plan) > 0 {
		b.WriteByte(',')
	}
	fmt.Fprintf(&b, `{"activityId":%d,"name":"Yoga class","activityType":{"typeKey":"yoga","typeId":163},"startTimeGmt":%s,"startTimeLocal":%s,"duration":3600000.0,"elapsedDuration":3600000.0,"distance":0.0,"manualActivity":true}`,
		garminManualID, ms(start), ms(start.Add(time.Duration(off)*time.Second)))
	b.WriteString("]}]\n")
	return b.Bytes()
}

func totalReps(sets []model.StrengthSet) int {
	n := 0
	for _, s := range sets {
		if s.Reps > 0 {
			n += s.Reps
		}
	}
	return n
}

// sleepJSON is a Wellness file: nights of sleep, not activities.
func (a *Athlete) sleepJSON() []byte {
	var b bytes.Buffer
	b.WriteString("[")
	for i := 0; i < len(a.Sessions) && i < 5; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		day := a.Sessions[i].LocalDate()
		fmt.Fprintf(&b, `{"calendarDate":%q,"deepSleepSeconds":%d,"lightSleepSeconds":%d,"remSleepSeconds":%d}`, day, 5400+i*60, 14400, 6000)
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// profilePNG is a small valid PNG image.
func profilePNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	for i := range 16 {
		img.Set(i%4, i/4, color.NRGBA{R: uint8(40 * i % 256), G: 120, B: 200, A: 255})
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // writing to a buffer cannot fail
	return b.Bytes()
}

// nonActivityFIT writes a minimal FIT file of the given file_id type (a
// monitoring or settings file, as Garmin exports mix in), with one message
// of its kind.
func nonActivityFIT(typ typedef.File, at time.Time) []byte {
	var buf memFile
	enc, err := encoder.NewStream(&buf, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
	if err != nil {
		panic(fmt.Sprintf("synth: fit stream encoder: %v", err)) // cannot happen: fixed options
	}
	ts := fitTime(at)
	var msg proto.Message
	put := func(num byte, v proto.Value) {
		f := factory.CreateField(msg.Num, num)
		f.Value = v
		msg.Fields = append(msg.Fields, f)
	}
	write := func() {
		if err == nil {
			err = enc.WriteMessage(&msg)
		}
		msg.Header, msg.Fields = 0, msg.Fields[:0]
	}
	msg.Num = mesgnum.FileId
	put(fieldnum.FileIdType, proto.Uint8(uint8(typ)))
	put(fieldnum.FileIdManufacturer, proto.Uint16(uint16(typedef.ManufacturerGarmin)))
	put(fieldnum.FileIdProduct, proto.Uint16(3990))
	put(fieldnum.FileIdSerialNumber, proto.Uint32(0x5eed0002))
	put(fieldnum.FileIdTimeCreated, proto.Uint32(ts))
	write()
	switch typ {
	case typedef.FileMonitoringB:
		msg.Num = mesgnum.MonitoringInfo
		put(fieldnum.MonitoringInfoTimestamp, proto.Uint32(ts))
		put(fieldnum.MonitoringInfoLocalTimestamp, proto.Uint32(ts))
		write()
		for k := uint32(0); k < 4; k++ {
			msg.Num = mesgnum.Monitoring
			put(fieldnum.MonitoringTimestamp, proto.Uint32(ts+k*900))
			put(fieldnum.MonitoringActivityType, proto.Uint8(uint8(typedef.ActivityTypeWalking)))
			put(fieldnum.MonitoringCycles, proto.Uint32(200*(k+1)))
			write()
		}
	default:
		msg.Num = mesgnum.UserProfile
		put(fieldnum.UserProfileGender, proto.Uint8(uint8(typedef.GenderFemale)))
		put(fieldnum.UserProfileWeight, proto.Uint16(610))
		write()
	}
	if err == nil {
		err = enc.SequenceCompleted()
	}
	if err != nil {
		panic(fmt.Sprintf("synth: write %s fit: %v", typ, err)) // cannot happen: fixed messages
	}
	return buf.b
}

// stravaHeader is activities.csv's header as Strava writes it: "Elapsed
// Time", "Distance" and "Max Heart Rate" repeat (the first copies in display
// units, the last in SI units).
var stravaHeader = []string{
	"Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
	"Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute",
	"Activity Private Note", "Activity Gear", "Filename", "Athlete Weight", "Bike Weight",
	"Elapsed Time", "Moving Time", "Distance", "Max Speed", "Average Speed",
	"Elevation Gain", "Elevation Loss", "Elevation Low", "Elevation High", "Max Grade",
	"Average Grade", "Max Cadence", "Average Cadence", "Max Heart Rate", "Average Heart Rate",
	"Calories", "Media",
}

// stravaDate is activities.csv's Activity Date layout (UTC).
const stravaDate = "Jan 2, 2006, 3:04:05 PM"

// stravaRow is one activity of activities.csv.
type stravaRow struct {
	id, name, typ, desc, file string
	s                         *model.Session
}

func (r stravaRow) record() []string {
	s := r.s
	f := func(v float64, prec int) string {
		if !model.Known(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	elapsed := math.Round(s.ElapsedS)
	moving := s.TimerS
	if !model.Known(moving) {
		moving = s.ElapsedS
	}
	avgSpeed := model.Missing
	if model.Known(s.DistanceM) && moving > 0 {
		avgSpeed = s.DistanceM / moving
	}
	return []string{
		r.id, s.Start.UTC().Format(stravaDate), r.name, r.typ, r.desc,
		strconv.Itoa(int(elapsed)), f(s.DistanceM/1000, 2), f(s.AvgHR+18, 1), "", "false",
		"", "", r.file, "61.0", "",
		f(elapsed, 1), f(math.Round(moving), 1), f(s.DistanceM, 1), "", f(avgSpeed, 3),
		f(s.AscentM, 1), f(s.DescentM, 1), "", "", "",
		"", "", f(s.AvgCadenceSPM/2, 1), f(s.AvgHR+18, 1), f(s.AvgHR, 1),
		"", "",
	}
}

// WriteStravaExport writes a Strava bulk export zip of the athlete to w:
//   - activities.csv with Strava's real header (repeated Elapsed Time,
//     Distance and Max Heart Rate columns: the first copies in display units,
//     km; the last in SI units), Activity Date as "Jan 2, 2006, 3:04:05 PM"
//     UTC, one row per file below, a row for an activity entered by hand
//     (empty Filename) and a row whose file the zip deliberately lacks;
//   - activities/<id>.fit.gz, <id>.gpx.gz or <id>.tcx.gz for a share
//     (o.StravaShare) of the athlete's runs, the same runs as in
//     [Athlete.WriteGarminExport]: cross-source duplicates. The first copy
//     is the watch's FIT file byte for byte (what Strava keeps of an
//     upload); other FIT copies differ (manufacturer strava, no
//     local_timestamp); GPX copies are Strava's own (creator "StravaGPX",
//     cadence in steps/min, named as activities.csv names them); TCX copies
//     are Garmin-style (cadence in strides/min);
//   - activities/<id>.gpx.gz of a walk recorded with the phone only (not
//     one of the athlete's sessions; in ExportManifest.Extra);
//   - routes/1.gpx and routes/2.gpx: planned routes without times;
//   - profile.csv, the athlete's profile.
//
// The same athlete and options give the same bytes.
func (a *Athlete) WriteStravaExport(w io.Writer, o ExportOptions) (ExportManifest, error) {
	o = o.withDefaults(len(a.Sessions))
	plan := a.exportPlan(o)
	m := ExportManifest{Exported: plan}
	mod := a.exportTime()
	fail := func(err error) (ExportManifest, error) {
		return ExportManifest{}, fmt.Errorf("write strava export: %w", err)
	}
	type file struct {
		name string
		data []byte
	}
	var files, last []file
	var rows []stravaRow
	gz := func(data []byte) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression) // a valid level cannot fail
		_, _ = zw.Write(data)
		_ = zw.Close()
		return b.Bytes()
	}

	run := 0
	var buf bytes.Buffer
	for i := range plan {
		e := &plan[i]
		s := &a.Sessions[i]
		if s.Sport == model.Running {
			run++
		}
		if e.StravaID == "" {
			continue
		}
		desc := ""
		if e.StravaMissing {
			desc = "Watch died at the end,\n\"synced\" later"
		}
		rows = append(rows, stravaRow{id: e.StravaID, name: e.StravaName, typ: "Run", desc: desc, file: e.StravaFile, s: s})
		if e.StravaMissing {
			m.MissingListed++
			continue
		}
		buf.Reset()
		var err error
		switch e.StravaFormat {
		case model.FormatFIT:
			fo := FITOptions{FractionalCadence: IsFractionalRun(run), NoLocalTimestamp: e.NoLocalTimestamp, Manufacturer: "garmin"}
			if !e.StravaSameBytes {
				fo.NoLocalTimestamp, fo.Manufacturer = true, "strava"
			}
			err = WriteFIT(&buf, *s, fo)
			m.StravaFIT++
			m.FITFiles++
			if e.StravaSameBytes {
				m.StravaSameBytes++
			}
		case model.FormatGPX:
			cp := *s
			cp.Name = e.StravaName
			err = WriteGPX(&buf, cp, GPXOptions{Creator: "StravaGPX", Type: "running", CadenceUnit: CadenceSteps})
			m.StravaGPX++
		default:
			err = writeTCX(&buf, s)
			m.StravaTCX++
		}
		if err != nil {
			return fail(fmt.Errorf("activity %s: %w", e.StravaID, err))
		}
		f := file{e.StravaFile, gz(buf.Bytes())}
		if e.StravaSameBytes {
			last = append(last, f) // the original upload: at the end of the zip
		} else {
			files = append(files, f)
		}
		m.Activities++
		m.Files++
	}

	// A walk recorded with the phone alone.
	if walk, ok := a.phoneWalk(); ok {
		id := "10511999001"
		name := "activities/" + id + ".gpx.gz"
		buf.Reset()
		if err := WriteGPX(&buf, walk, GPXOptions{Creator: "StravaGPX iPhone", Type: "walking", CadenceUnit: CadenceSteps}); err != nil {
			return fail(err)
		}
		files = append(files, file{name, gz(buf.Bytes())})
		rows = append(rows, stravaRow{id: id, name: walk.Name, typ: "Walk", file: name, s: &walk})
		m.Extra = append(m.Extra, walk)
		m.StravaOnly++
		m.Activities++
		m.Files++
	}
	files = append(files, last...)

	// An activity entered by hand: no file.
	manual := model.NewSession(model.Strength, a.exportTime().Add(-30*time.Hour))
	manual.ElapsedS, manual.TimerS = 2700, 2700
	rows = append(rows, stravaRow{id: "10511999002", name: "Gym (logged by hand)", typ: "Weight Training", s: &manual})
	m.Manual++

	var csvBuf bytes.Buffer
	cw := csv.NewWriter(&csvBuf)
	_ = cw.Write(stravaHeader)
	for _, r := range rows {
		_ = cw.Write(r.record())
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fail(err)
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	zw := zip.NewWriter(bw)
	if err := zipAdd(zw, "activities.csv", mod, csvBuf.Bytes()); err != nil {
		return fail(err)
	}
	m.Files++
	m.IndexFiles++
	if err := zipAdd(zw, "profile.csv", mod, []byte("Athlete ID,Email Address,First Name,Last Name,Sex,City,Country\n31415926,athlete@example.com,Sam,Runner,F,London,United Kingdom\n")); err != nil {
		return fail(err)
	}
	m.Files++
	m.NonActivityFiles++
	if err := zipDir(zw, "activities", mod); err != nil {
		return fail(err)
	}
	for _, f := range files {
		if err := zipAdd(zw, f.name, mod, f.data); err != nil {
			return fail(err)
		}
	}
	if err := zipDir(zw, "routes", mod); err != nil {
		return fail(err)
	}
	for r, route := range a.routeGPX() {
		if err := zipAdd(zw, "routes/"+strconv.Itoa(r+1)+".gpx", mod, route); err != nil {
			return fail(err)
		}
		m.Routes++
		m.NonActivityFiles++
		m.Files++
	}
	if err := zw.Close(); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return m, nil
}

// phoneWalk is a 30-minute walk at lunchtime on the day of the athlete's
// first session, recorded with a phone (positions and elevation only).
func (a *Athlete) phoneWalk() (model.Session, bool) {
	if len(a.Sessions) == 0 {
		return model.Session{}, false
	}
	y, mo, d := a.Sessions[0].Start.In(a.Zone).Date()
	start := time.Date(y, mo, d, 12, 30, 0, 0, a.Zone).UTC()
	s := model.NewSession(model.Walking, start)
	s.OffsetS, s.OffsetOrigin = zoneOffset(a.Zone, start), model.OffsetZone
	s.Name = "Lunch Walk"
	const n = 1800
	for i := 0; i < n; i++ {
		x := model.MissingSample(float64(i))
		dist := 1.4 * float64(i)
		x.Lat = qDeg(51.5074 + dist/111_320)
		x.Lon = qDeg(-0.1278 + dist/69_400)
		x.AltM = 18 + 4*math.Sin(float64(i)/300)
		s.Samples.Append(x)
	}
	s.ElapsedS, s.DistanceM = n-1, 1.4*(n-1)
	return s, true
}

// routeGPX returns two planned routes without times, from the first run
// with positions (none without one).
func (a *Athlete) routeGPX() [][]byte {
	for i := range a.Sessions {
		s := &a.Sessions[i]
		if s.Sport != model.Running || !hasPositions(s) {
			continue
		}
		var out [][]byte
		for r, name := range []string{"Canal loop", "Hill reps route"} {
			var b bytes.Buffer
			b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
			b.WriteString(`<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">` + "\n")
			fmt.Fprintf(&b, " <metadata>\n  <name>%s</name>\n </metadata>\n <trk>\n  <name>%s</name>\n  <trkseg>\n", name, name)
			for k := r * 7; k < s.Samples.Len(); k += 30 {
				if !model.Known(s.Samples.Lat[k]) {
					continue
				}
				fmt.Fprintf(&b, "   <trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele></trkpt>\n", s.Samples.Lat[k], s.Samples.Lon[k], s.Samples.AltM[k])
			}
			b.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
			out = append(out, b.Bytes())
		}
		return out
	}
	return nil
}

// writeTCX writes s as a Garmin-style TCX activity: one lap (the session's
// timer time and distance), a trackpoint per sample with position, altitude,
// distance, heart rate and, for foot sports, RunCadence in strides/min.
func writeTCX(w io.Writer, s *model.Session) error {
	sport := "Other"
	switch s.Sport {
	case model.Running:
		sport = "Running"
	case model.Cycling:
		sport = "Biking"
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	ts := func(t float64) string {
		return s.Start.Add(time.Duration(math.Round(t)) * time.Second).UTC().Format(time.RFC3339)
	}
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"` +
		` xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	fmt.Fprintf(bw, " <Activities>\n  <Activity Sport=%q>\n   <Id>%s</Id>\n   <Lap StartTime=%q>\n", sport, ts(0), ts(0))
	timer := s.TimerS
	if !model.Known(timer) {
		timer = s.ElapsedS
	}
	if model.Known(timer) {
		fmt.Fprintf(bw, "    <TotalTimeSeconds>%s</TotalTimeSeconds>\n", f(timer, 1))
	}
	if model.Known(s.DistanceM) {
		fmt.Fprintf(bw, "    <DistanceMeters>%s</DistanceMeters>\n", f(s.DistanceM, 2))
	}
	bw.WriteString("    <Intensity>Active</Intensity>\n    <TriggerMethod>Manual</TriggerMethod>\n    <Track>\n")
	x := &s.Samples
	for i := 0; i < x.Len(); i++ {
		fmt.Fprintf(bw, "     <Trackpoint><Time>%s</Time>", ts(x.T[i]))
		if model.Known(x.Lat[i]) && model.Known(x.Lon[i]) {
			fmt.Fprintf(bw, "<Position><LatitudeDegrees>%s</LatitudeDegrees><LongitudeDegrees>%s</LongitudeDegrees></Position>", f(x.Lat[i], 7), f(x.Lon[i], 7))
		}
		if model.Known(x.AltM[i]) {
			fmt.Fprintf(bw, "<AltitudeMeters>%s</AltitudeMeters>", f(x.AltM[i], 1))
		}
		if model.Known(x.DistM[i]) {
			fmt.Fprintf(bw, "<DistanceMeters>%s</DistanceMeters>", f(x.DistM[i], 2))
		}
		if model.Known(x.HR[i]) {
			fmt.Fprintf(bw, "<HeartRateBpm><Value>%d</Value></HeartRateBpm>", int(math.Round(x.HR[i])))
		}
		if cad := x.CadenceSPM[i]; model.Known(cad) && s.Sport.UsesStepCadence() {
			fmt.Fprintf(bw, "<Extensions><ns3:TPX><ns3:RunCadence>%d</ns3:RunCadence></ns3:TPX></Extensions>", int(math.Round(cad/2)))
		}
		bw.WriteString("</Trackpoint>\n")
	}
	bw.WriteString("    </Track>\n   </Lap>\n   <Creator xsi:type=\"Device_t\">\n    <Name>Forerunner 255</Name>\n   </Creator>\n  </Activity>\n </Activities>\n")
	bw.WriteString(" <Author xsi:type=\"Application_t\">\n  <Name>Connect Api</Name>\n </Author>\n</TrainingCenterDatabase>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tcx: %w", err)
	}
	return nil
}

// StrongOptions choose what [Athlete.WriteStrongCSV] logs.
type StrongOptions struct {
	// Workouts is how many of the athlete's last strength sessions the app
	// also logged (0 means 3; capped at the sessions there are).
	Workouts int
}

// StrongManifest says what [Athlete.WriteStrongCSV] wrote.
type StrongManifest struct {
	// Matched are the indexes in [Athlete.Sessions] of the watch's strength
	// sessions the app also logged, in start order.
	Matched []int
	// MatchedSets are the app's set rows for each of Matched: the watch's
	// sets plus one warm-up set.
	MatchedSets []int
	// MatchedNames are the app's workout names for each of Matched
	// ("Evening Workout").
	MatchedNames []string
	// AppOnly is the workout logged in the app alone (on a day without a
	// watch strength session), as a session; AppOnlySets its set rows.
	AppOnly     model.Session
	AppOnlySets int
	// Rows counts every set row written.
	Rows int
}

// strongNames are Strong's names of the athlete's exercises.
var strongNames = map[string]string{
	"barbell_deadlift":              "Deadlift (Barbell)",
	"sumo_deadlift":                 "Sumo Deadlift (Barbell)",
	"trap_bar_deadlift":             "Trap Bar Deadlift",
	"romanian_deadlift":             "Romanian Deadlift (Barbell)",
	"barbell_straight_leg_deadlift": "Straight Leg Deadlift",
	"rack_pull":                     "Rack Pull",
	"leg_curl":                      "Lying Leg Curl (Machine)",
	"barbell_back_squat":            "Squat (Barbell)",
	"dumbbell_lunge":                "Lunge (Dumbbell)",
	"back_extension_with_opposite_arm_and_leg_reach": "Back Extension",
	"barbell_hip_thrust_on_floor":                    "Glute Bridge (Barbell)",
	"barbell_hip_thrust_with_bench":                  "Hip Thrust (Barbell)",
	"barbell_bench_press":                            "Bench Press (Barbell)",
	"dumbbell_row":                                   "Bent Over One Arm Row (Dumbbell)",
	"goblet_squat":                                   "Goblet Squat (Kettlebell)",
	"good_morning":                                   "Good Morning (Barbell)",
}

// strongHeader is Strong's current export header.
var strongHeader = []string{"Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"}

// WriteStrongCSV writes, as the Strong app's current CSV export, the
// athlete's last o.Workouts strength sessions as she also logged them in the
// app, plus one workout logged in the app alone. The app's workout starts 2
// minutes after the watch's and ends with it; its times are local wall-clock
// times ("2006-01-02 15:04:05", no zone) in the athlete's zone; exercises
// carry Strong's names ("Deadlift (Barbell)"); each workout's first exercise
// has an extra warm-up set at half the weight, so the app's sets differ
// from the watch's. Weights are kilograms; bodyweight sets weigh 0.
func (a *Athlete) WriteStrongCSV(w io.Writer, o StrongOptions) (StrongManifest, error) {
	if o.Workouts <= 0 {
		o.Workouts = 3
	}
	var m StrongManifest
	var strength []int
	days := map[string]bool{}
	for i := range a.Sessions {
		if a.Sessions[i].Sport == model.Strength {
			strength = append(strength, i)
			days[a.Sessions[i].LocalDate()] = true
		}
	}
	if len(strength) > o.Workouts {
		strength = strength[len(strength)-o.Workouts:]
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(strongHeader); err != nil {
		return m, fmt.Errorf("write strong csv: %w", err)
	}
	kg := func(v float64) string {
		if !model.Known(v) {
			return "0"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	dur := func(s float64) string {
		s = math.Round(s / 60)
		if s >= 60 {
			return fmt.Sprintf("%dh %dm", int(s)/60, int(s)%60)
		}
		return fmt.Sprintf("%dm", int(s))
	}
	for _, i := range strength {
		s := &a.Sessions[i]
		start := s.Start.Add(2 * time.Minute).Truncate(time.Second)
		date := start.In(a.Zone).Format("2006-01-02 15:04:05")
		name := "Evening Workout"
		if h := start.In(a.Zone).Hour(); h < 17 {
			name = "Afternoon Workout"
		}
		d := dur(s.ElapsedS - 120)
		rows := 0
		order := 0
		prev := ""
		for k, set := range s.Sets {
			ex := strongName(set.Exercise)
			if ex != prev {
				order, prev = 0, ex
			}
			if k == 0 {
				order++
				warm := model.Missing
				if model.Known(set.WeightKg) {
					warm = math.Round(set.WeightKg/2/2.5) * 2.5
				}
				if err := cw.Write([]string{date, name, d, ex, strconv.Itoa(order), kg(warm), "8", "0", "0", "", "", ""}); err != nil {
					return m, fmt.Errorf("write strong csv: %w", err)
				}
				rows++
			}
			order++
			reps := ""
			if set.Reps >= 0 {
				reps = strconv.Itoa(set.Reps)
			}
			if err := cw.Write([]string{date, name, d, ex, strconv.Itoa(order), kg(set.WeightKg), reps, "0", "0", "", "", ""}); err != nil {
				return m, fmt.Errorf("write strong csv: %w", err)
			}
			rows++
		}
		m.Matched = append(m.Matched, i)
		m.MatchedSets = append(m.MatchedSets, rows)
		m.MatchedNames = append(m.MatchedNames, name)
		m.Rows += rows
	}
	// A workout logged in the app alone, at lunchtime on the first day
	// (from the first session's) without a watch strength session.
	if len(a.Sessions) > 0 {
		y, mo, d := a.Sessions[0].Start.In(a.Zone).Date()
		day := time.Date(y, mo, d, 12, 15, 0, 0, a.Zone)
		for days[day.Format(time.DateOnly)] {
			day = day.AddDate(0, 0, 1)
		}
		date := day.Format("2006-01-02 15:04:05")
		s := model.NewSession(model.Strength, day.UTC())
		s.SubSport, s.Name, s.Device = "strength_training", "Lunch Upper Body", "Strong"
		s.OffsetS, s.OffsetOrigin = zoneOffset(a.Zone, day), model.OffsetZone
		s.ElapsedS = 35 * 60
		lifts := []struct {
			ex   string
			kg   float64
			reps int
		}{{"Overhead Press (Barbell)", 35, 8}, {"Overhead Press (Barbell)", 35, 8}, {"Pull Up", model.Missing, 6}, {"Pull Up", model.Missing, 5}, {"Bicep Curl (Dumbbell)", 12, 12}}
		order, prev := 0, ""
		for _, l := range lifts {
			if l.ex != prev {
				order, prev = 0, l.ex
			}
			order++
			if err := cw.Write([]string{date, s.Name, "35m", l.ex, strconv.Itoa(order), kg(l.kg), strconv.Itoa(l.reps), "0", "0", "", "", ""}); err != nil {
				return m, fmt.Errorf("write strong csv: %w", err)
			}
			s.Sets = append(s.Sets, model.StrengthSet{Start: s.Start, DurationS: model.Missing, Exercise: l.ex, Reps: l.reps, WeightKg: l.kg})
		}
		m.AppOnly, m.AppOnlySets = s, len(lifts)
		m.Rows += len(lifts)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return m, fmt.Errorf("write strong csv: %w", err)
	}
	return m, nil
}

// strongName is Strong's name of a FIT exercise name.
func strongName(exercise string) string {
	if n, ok := strongNames[exercise]; ok {
		return n
	}
	words := strings.Split(exercise, "_")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
