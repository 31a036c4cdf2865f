"""The timeline page's builders: the plotly chart of one question (`charts`), with what only it
uses: the series and points it draws (`series`) and the numbered key events (`event_marks`)."""
