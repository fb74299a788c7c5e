"""Chart and map builders: pure functions, frames in, Plotly figures out."""
