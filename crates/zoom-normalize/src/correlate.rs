//! [`link_room_computers`]: a Zoom Rooms computer is listed twice, as a
//! `zoom_room_device` (GET /rooms/{roomId}/devices) and, when enrolled in
//! Zoom Device Management, as a `managed_device` (GET /devices). The two
//! records share no id; this links them both ways through `same_as`.

use std::collections::HashMap;

use asset_schema::{Kind, Record, RecordBody};

/// The room device type of a room's computer.
const ROOM_COMPUTER: &str = "Zoom Rooms Computer";

/// The room a Zoom Rooms computer record belongs to, when it is one: a
/// `zoom_room_device` of type "Zoom Rooms Computer", or a `managed_device`
/// whose ZDM type is a Zoom Rooms Computer (with or without controller),
/// with a room id.
pub fn room_computer_room(record: &Record) -> Option<&str> {
    let RecordBody::Device(fields) = &record.body else {
        return None;
    };
    let device_type = fields.device_type.as_deref()?;
    let computer = match record.kind {
        Kind::ZoomRoomDevice => device_type == ROOM_COMPUTER,
        Kind::ManagedDevice => device_type.starts_with(ROOM_COMPUTER),
        _ => false,
    };
    computer.then_some(fields.room_id.as_deref()).flatten()
}

/// Links each room's computer across the two sources: when a room (by room
/// id) has exactly one computer among the `zoom_room_device` records and
/// exactly one among the `managed_device` records, and their serial numbers
/// do not contradict each other, each gets the other's id in `same_as`.
/// A room with several computers on either side is left unlinked (which
/// one is which cannot be told). Returns the number of pairs linked.
pub fn link_room_computers(records: &mut [Record]) -> usize {
    // room id → (room-device indexes, managed-device indexes)
    let mut rooms: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (index, record) in records.iter().enumerate() {
        if let Some(room) = room_computer_room(record) {
            let entry = rooms.entry(room.to_owned()).or_default();
            match record.kind {
                Kind::ZoomRoomDevice => entry.0.push(index),
                _ => entry.1.push(index),
            }
        }
    }
    let serial = |record: &Record| match &record.body {
        RecordBody::Device(fields) => fields.serial_number.clone(),
        _ => None,
    };
    let mut linked = 0;
    for (room_devices, managed) in rooms.values() {
        let ([a], [b]) = (room_devices.as_slice(), managed.as_slice()) else {
            continue;
        };
        if let (Some(x), Some(y)) = (serial(&records[*a]), serial(&records[*b]))
            && !x.eq_ignore_ascii_case(&y)
        {
            continue;
        }
        let (id_a, id_b) = (records[*a].id.to_string(), records[*b].id.to_string());
        for (index, other) in [(*a, id_b), (*b, id_a)] {
            if let RecordBody::Device(fields) = &mut records[index].body
                && !fields.same_as.contains(&other)
            {
                fields.same_as.push(other);
                fields.same_as.sort();
            }
        }
        linked += 1;
    }
    linked
}

#[cfg(test)]
mod tests {
    use asset_schema::DeviceFields;
    use chrono::DateTime;

    use super::*;

    fn device(
        kind: Kind,
        key: &str,
        device_type: &str,
        room: &str,
        serial: Option<&str>,
    ) -> Record {
        let fields = DeviceFields {
            device_type: Some(device_type.to_owned()),
            room_id: Some(room.to_owned()),
            serial_number: serial.map(str::to_owned),
            ..DeviceFields::default()
        };
        Record::new(
            kind,
            "acct",
            key,
            DateTime::UNIX_EPOCH,
            RecordBody::Device(Box::new(fields)),
        )
    }

    fn same_as(record: &Record) -> Vec<String> {
        match &record.body {
            RecordBody::Device(fields) => fields.same_as.clone(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn one_computer_on_each_side_of_a_room_is_linked_both_ways() {
        let mut records = vec![
            device(
                Kind::ZoomRoomDevice,
                "rd-1",
                "Zoom Rooms Computer",
                "room-1",
                None,
            ),
            device(Kind::ZoomRoomDevice, "rd-2", "Controller", "room-1", None),
            device(
                Kind::ManagedDevice,
                "zdm-1",
                "Zoom Rooms Computer (with Controller)",
                "room-1",
                Some("SN1"),
            ),
            // Room 2: two managed computers claim it, so neither is linked.
            device(
                Kind::ZoomRoomDevice,
                "rd-3",
                "Zoom Rooms Computer",
                "room-2",
                None,
            ),
            device(
                Kind::ManagedDevice,
                "zdm-2",
                "Zoom Rooms Computer",
                "room-2",
                None,
            ),
            device(
                Kind::ManagedDevice,
                "zdm-3",
                "Zoom Rooms Computer",
                "room-2",
                None,
            ),
            // Room 3: serial numbers that disagree.
            device(
                Kind::ZoomRoomDevice,
                "rd-4",
                "Zoom Rooms Computer",
                "room-3",
                Some("A"),
            ),
            device(
                Kind::ManagedDevice,
                "zdm-4",
                "Zoom Rooms Computer",
                "room-3",
                Some("B"),
            ),
        ];
        assert_eq!(link_room_computers(&mut records), 1);
        assert_eq!(same_as(&records[0]), ["zoom:acct:managed_device:zdm-1"]);
        assert_eq!(same_as(&records[2]), ["zoom:acct:zoom_room_device:rd-1"]);
        for unlinked in [1, 3, 4, 5, 6, 7] {
            assert!(same_as(&records[unlinked]).is_empty(), "{unlinked}");
        }
    }
}
