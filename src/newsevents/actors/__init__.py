"""Stage 4, actors: people, organisations, states and groups resolved to codes (`resolve`, the spaCy
component), from the project's tables (`gazetteer`) and dictionaries parsed into dated entries
(`dictionaries`)."""
