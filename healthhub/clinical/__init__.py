"""Pure clinical and service rules: no Django imports, every threshold sourced and versioned."""
