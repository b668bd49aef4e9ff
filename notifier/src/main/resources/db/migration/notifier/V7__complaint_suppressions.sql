-- A reader who marked a message as spam, reported by a mailbox provider's feedback loop.
alter table suppressed_address drop constraint suppressed_address_source_check;
alter table suppressed_address add constraint suppressed_address_source_check
  check (source in ('smtp', 'bounce', 'complaint'));
