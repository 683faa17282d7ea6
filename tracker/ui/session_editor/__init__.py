"""The session editor: lesions treated, injections, the live safety panel,
drafts that survive a crash, signing and amending."""
