"""The model: rules (policy, ZE zone), behaviour, enforcement, demand, fleet, parking, world."""
