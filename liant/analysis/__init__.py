"""Text analysis for the workshops (no Django imports): clustering of cards."""
