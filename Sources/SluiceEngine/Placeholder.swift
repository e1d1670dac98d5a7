// Placeholder until the SluiceEngine sources land.
