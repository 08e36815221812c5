package sarif

// The SARIF 2.1.0 objects leakfix writes, named and shaped as in the
// standard (https://docs.oasis-open.org/sarif/sarif/v2.1.0/); only the
// properties leakfix fills are declared.

// Log is a sarifLog: the document.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one run of one tool.
type Run struct {
	Tool        Tool         `json:"tool"`
	Invocations []Invocation `json:"invocations,omitempty"`
	ColumnKind  string       `json:"columnKind"`
	Results     []Result     `json:"results"`
}

// Invocation is how the run went: whether the tool analysed everything
// it was asked to, and the errors that kept it from doing so.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is a message about the run rather than about the code:
// here, a package that could not be loaded, parsed or type-checked.
type Notification struct {
	Level     string     `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
}

// Tool is the analysis tool that made a run.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool's main component, with the rules it checks.
type Driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

// Rule is a reportingDescriptor: what a rule checks and where to read more.
type Rule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *Message       `json:"shortDescription,omitempty"`
	FullDescription      *Message       `json:"fullDescription,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration *Configuration `json:"defaultConfiguration,omitempty"`
}

// Configuration is a reportingConfiguration: a rule's default level.
type Configuration struct {
	Level string `json:"level"`
}

// Result is one finding.
type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
}

// Message is plain text.
type Message struct {
	Text string `json:"text"`
}

// Location is a place in a file, with a message when it is a related one.
type Location struct {
	ID               int               `json:"id,omitempty"`
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

// PhysicalLocation is a region of an artifact.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

// ArtifactLocation names a file, relative to URIBaseID when that is set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a span of text: by lines and columns, or by character offset
// and length. Lines and columns are 1-based; EndColumn is the column
// after the last character.
type Region struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	CharOffset  *int `json:"charOffset,omitempty"`
	CharLength  *int `json:"charLength,omitempty"`
}

// Fix is one proposed fix: the changes to make, file by file.
type Fix struct {
	Description     Message          `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is the replacements to make in one file. Their regions
// refer to the file as it was analysed, and do not overlap.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement deletes a region and inserts text in its place.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactContent is text to insert.
type ArtifactContent struct {
	Text string `json:"text"`
}
