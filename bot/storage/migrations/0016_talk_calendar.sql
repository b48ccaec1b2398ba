-- A talk keeps one calendar entry while it is moved. Moving a talk cancels its booking and
-- books the new time, so each booking remembers the booking the talk began as (NULL: it is
-- that booking); the entry's UID is built from that first booking's id, the very UID every
-- file sent before this migration carried. `calendar_sequence` is the entry's version in
-- the files sent about this booking: a move gives the new booking the old one's plus one,
-- and a cancellation raises the cancelled booking's by one, so each file replaces the last.
ALTER TABLE bookings ADD COLUMN first_booking_id INTEGER REFERENCES bookings (id);
ALTER TABLE bookings ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_first_booking ON bookings (first_booking_id)
    WHERE first_booking_id IS NOT NULL;
