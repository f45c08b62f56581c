//! Typed indices into the vectors of a [`crate::Scenario`].

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the scenario's vector.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the element at `index`.
            #[inline]
            pub fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).expect("scenario tables hold fewer than 2^32 rows"))
            }
        }
    };
}

typed_id!(
    /// A place: port, border post, hub, warehouse, market or district.
    NodeId
);
typed_id!(
    /// A directed transport lane between two nodes.
    LaneId
);
typed_id!(
    /// A commodity: a food, an agricultural input, fuel.
    CommodityId
);
typed_id!(
    /// A nutrient counted in the ration.
    NutrientId
);
typed_id!(
    /// One row of people in need: district, period, phase.
    NeedId
);
typed_id!(
    /// One row of non-food demand: node, commodity, period.
    DemandId
);
typed_id!(
    /// One in-kind donation.
    SupplyId
);
typed_id!(
    /// One shipment of the pipeline (`pipeline.csv`).
    ShipmentId
);
typed_id!(
    /// One market offer: node, commodity, period, price, capacity.
    MarketId
);
typed_id!(
    /// A source of money.
    FundId
);
