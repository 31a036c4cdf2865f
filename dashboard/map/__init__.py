"""The map page's builders: the plotly map and distances (`geo`), with what only it uses: the
outlines of countries and regions (`outlines`), each place's headline and hover (`place_figures`)
and labels placed clear of one another (`placement`)."""
