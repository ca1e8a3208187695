"""Stage 6, events: who did what to whom in PLOVER and CAMEO (`coder`, the spaCy component), with the status
each event is reported in (`modality`)."""
