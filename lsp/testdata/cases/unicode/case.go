package unicode

// Première returns the first greeting computed; "é" is 2 bytes of UTF-8 and
// 1 unit of UTF-16, "🙂" is 4 bytes and 2 units, "結" is 3 bytes and 1 unit.
func Première(noms []string) string {
	/* 🙂 */ 結果 := make(chan string) // « réponses »
	for _, n := range noms {
		go func() { 結果 <- "¡hola, " + n + "! 🙂" }()
	}
	return <-結果
}

func Case() any { return Première([]string{"Zoë", "Ñandú"}) }
