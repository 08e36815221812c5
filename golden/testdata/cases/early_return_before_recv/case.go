package early_return_before_recv

import "errors"

// Load starts a fetch, validates the key, then waits for the fetch.
func Load(key string) (string, error) {
	data := make(chan string)
	go func() {
		data <- "value of " + key
	}()
	if key == "" {
		return "", errors.New("empty key")
	}
	return <-data, nil
}

func Case() any { _, err := Load(""); return err.Error() }
