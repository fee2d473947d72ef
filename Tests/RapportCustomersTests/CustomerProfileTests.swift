import RapportCore
import RapportCustomers
import RapportJSON
import RapportRPC
import RapportStorage
import TestSupport
import Testing

@Suite struct CustomerProfileTests {
    @Test func createsAndFindsByEveryKey() async throws {
        let fixture = try CustomersFixture()
        let anna = try await fixture.call(
            CustomersCreate.self,
            .init(
                name: " Anna Petrova ", email: "Anna@Example.COM", phone: "+7 (999) 123-45-67", birthday: "--03-14",
                externalId: "crm-1", locale: "ru-RU", tags: ["vip", "b2b", "vip"], attributes: ["city": "Kazan"],
                consent: ConsentChange(email: true, sms: false), source: "ad"))
        #expect(anna.id.hasPrefix("cus_"))
        #expect(anna.name == "Anna Petrova")
        #expect(anna.phone == "+79991234567")
        #expect(anna.tags == ["b2b", "vip"])
        #expect(anna.consent.email == ConsentState(granted: true, at: fixture.clock.now()))
        #expect(anna.consent.sms?.granted == false)
        #expect(anna.createdAt == fixture.clock.now())
        for lookup in [
            CustomersGet.Params(id: anna.id), .init(externalId: "crm-1"), .init(email: "anna@example.com"),
            .init(email: " ANNA@EXAMPLE.COM "), .init(phone: "+7-999-123-45-67"), .init(phone: "+7 999 1234567"),
        ] {
            #expect(try await fixture.call(CustomersGet.self, lookup).id == anna.id, "\(lookup)")
        }
        #expect(fixture.events.value == ["customer.created", "customer.action"])  // a complete profile is a rewardable action
    }

    @Test(arguments: [
        (CustomersCreate.Params(email: "not-an-email"), "email"),
        (CustomersCreate.Params(email: "a@b"), "email"),
        (CustomersCreate.Params(email: "two@@example.com"), "email"),
        (CustomersCreate.Params(phone: "call me"), "phone"),
        (CustomersCreate.Params(phone: "123"), "phone"),
        (CustomersCreate.Params(birthday: "--02-30"), "birthday"),
        (CustomersCreate.Params(birthday: "2023-02-29"), "birthday"),
        (CustomersCreate.Params(birthday: "14.03.1990"), "birthday"),
        (CustomersCreate.Params(birthday: "--13-01"), "birthday"),
        (CustomersCreate.Params(tags: [""]), "tags[0]"),
        (CustomersCreate.Params(tags: [String(repeating: "t", count: 65)]), "tags[0]"),
        (CustomersCreate.Params(source: "Facebook Ads"), "source"),
        (CustomersCreate.Params(locale: "english please"), "locale"),
        (CustomersCreate.Params(name: String(repeating: "n", count: 201)), "name"),
        (CustomersCreate.Params(externalId: ""), "externalId"),
    ])
    func refusesInvalidFields(params: CustomersCreate.Params, field: String) async throws {
        let fixture = try CustomersFixture()
        let error = await fixture.error(CustomersCreate.self, params)
        #expect(error?.reason == .invalidParams)
        #expect(error?.field == field)
    }

    @Test(arguments: ["--02-29", "2024-02-29", "1990-12-31", "--01-01"])
    func acceptsRealBirthdays(birthday: String) async throws {
        let fixture = try CustomersFixture()
        #expect(try await fixture.call(CustomersCreate.self, .init(birthday: birthday)).birthday == birthday)
    }

    @Test func duplicatesAreConflictsNamingTheHolder() async throws {
        let fixture = try CustomersFixture()
        let first = try await fixture.call(CustomersCreate.self, .init(email: "a@example.com", phone: "+79990000001", externalId: "x-1"))
        for (params, field) in [
            (CustomersCreate.Params(email: "A@EXAMPLE.com"), "email"),
            (CustomersCreate.Params(phone: "+7 (999) 000-00-01"), "phone"),
            (CustomersCreate.Params(externalId: "x-1"), "externalId"),
        ] {
            let error = await fixture.error(CustomersCreate.self, params)
            #expect(error?.reason == .conflict)
            #expect(error?.field == field)
            #expect(error?.details["existingId"] == .string(first.id))
        }
    }

    @Test func updateChangesOnlyWhatIsGivenAndNullClears() async throws {
        let fixture = try CustomersFixture()
        let created = try await fixture.call(CustomersCreate.self, .init(name: "Ivan", email: "ivan@example.com", phone: "+79990000002"))
        fixture.clock.advance(days: 1)
        let updated = try await fixture.raw(
            "customers.update", ["id": .string(created.id), "phone": nil, "name": "Ivan Petrov", "consent": ["sms": true]])
        #expect(updated["name"] == "Ivan Petrov")
        #expect(updated["phone"] == .null)
        #expect(updated["email"] == "ivan@example.com")
        #expect(updated["consent"]?["sms"]?["granted"] == true)
        #expect(updated["updatedAt"] == .string(fixture.clock.now().rfc3339))
        await #expect(throws: RapportError.self) { try await fixture.call(CustomersGet.self, .init(phone: "+79990000002")) }
        await #expect(throws: RapportError.self) {
            _ = try await fixture.raw("customers.update", ["id": .string(created.id), "colour": "red"])
        }
        let other = try await fixture.call(CustomersCreate.self, .init(email: "other@example.com"))
        let conflict = await fixture.error(
            CustomersUpdate.self,
            {
                var p = CustomersUpdate.Params(id: other.id)
                p.email = .set("IVAN@example.com")
                return p
            }())
        #expect(conflict?.reason == .conflict)
        #expect(fixture.events.value == ["customer.created", "customer.updated", "customer.created"])
    }

    @Test func listsStablyPageByPageWithFilters() async throws {
        let fixture = try CustomersFixture()
        var created: [String] = []
        for index in 0..<25 {
            fixture.clock.advance(seconds: 1)
            created.append(
                try await fixture.call(
                    CustomersCreate.self,
                    .init(
                        tags: index % 2 == 0 ? ["even"] : [], source: index % 5 == 0 ? "referral" : "organic")
                ).id)
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await fixture.call(CustomersList.self, .init(limit: 10, cursor: cursor))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == created)
        #expect(try await fixture.call(CustomersList.self, .init(tag: "even", limit: 100)).items.count == 13)
        #expect(try await fixture.call(CustomersList.self, .init(source: "referral")).items.count == 5)
        let since = Timestamp(millisecondsSince1970: 1_772_359_200_000 + 20_000)
        #expect(try await fixture.call(CustomersList.self, .init(createdFrom: since)).items.count == 6)
        #expect(await fixture.error(CustomersList.self, .init(limit: 0))?.field == "limit")
        #expect(await fixture.error(CustomersList.self, .init(cursor: "garbage"))?.field == "cursor")
    }

    @Test func listingASegmentGivesItsLivingMembersAsSegmentsMembersDoes() async throws {
        let fixture = try CustomersFixture()
        var vips: [String] = []
        for _ in 0..<3 { vips.append(try await fixture.call(CustomersCreate.self, .init(tags: ["vip"])).id) }
        _ = try await fixture.call(CustomersCreate.self, .init(tags: ["new"]))
        let segment = try await fixture.call(
            SegmentsCreate.self, .init(name: "VIP", rule: .condition(.init(field: "tags", op: .contains, value: "vip"))))
        _ = try await fixture.call(CustomersErase.self, .init(id: vips[1]))
        let listed = try await fixture.call(CustomersList.self, .init(segmentId: segment.id)).items.map(\.id)
        #expect(listed == [vips[0], vips[2]])
        #expect(try await fixture.call(SegmentsMembers.self, .init(id: segment.id)).items.map(\.id) == listed)
    }

    @Test func searchFindsSubstringsOfEveryKeyAndNothingElse() async throws {
        let fixture = try CustomersFixture()
        let maria = try await fixture.call(
            CustomersCreate.self, .init(name: "Maria Sokolova", email: "m.sokol@mail.example", phone: "+79161234567", externalId: "ERP-7781"))
        _ = try await fixture.call(CustomersCreate.self, .init(name: "Pavel Orlov", email: "pavel@example.com"))
        for query in ["sokol", "SOKOLOVA", "mail.exa", "1234567", "916 123", "ERP-77", "ria sok"] {
            let found = try await fixture.call(CustomersSearch.self, .init(query: query))
            #expect(found.items.map(\.id) == [maria.id], "\(query)")
        }
        #expect(try await fixture.call(CustomersSearch.self, .init(query: "\" OR \"")).items.isEmpty)
        #expect(try await fixture.call(CustomersSearch.self, .init(query: "nobody here")).items.isEmpty)
        #expect(await fixture.error(CustomersSearch.self, .init(query: "ab"))?.field == "query")
    }
}
